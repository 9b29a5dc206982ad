import crypto from 'node:crypto'
import { appError } from '../../../contracts/errors/errorRegistry'
import { auditCreated, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import type { StudiesPrisma } from '../data/prismaClient'
import { StudiesErrorCodes } from '../errorCodes'
import type { CreateStudyInput } from '../generated/graphql'
import type { EligibilityCriterion, Study, StudyArm, VisitDefinition } from '../generated/prisma/client'
import { publishStudyEvent, studyDefined } from './studyEvents'
import { studyDefinitionProblems } from './validateStudyDefinition'

type StoredStudy = Study & {
  arms: StudyArm[]
  visitDefinitions: VisitDefinition[]
  criteria: EligibilityCriterion[]
}

/** A definition as compared for a retry: what createStudy stores, trimmed as it stores it. */
function canonical(study: CreateStudyInput | StoredStudy): string {
  const stored = 'visitDefinitions' in study
  const arms = study.arms.map((a) => [a.code, a.name.trim(), a.allocationRatio])
  const visits = (stored ? study.visitDefinitions : study.visitSchedule).map((v) => [
    v.code,
    v.name.trim(),
    v.visitType,
    v.dayOffset,
    v.windowBeforeDays,
    v.windowAfterDays,
    v.formOids,
    v.questionnaireCodes,
  ])
  const criteria = (stored ? study.criteria : study.eligibilityCriteria).map((c) => [c.code, c.kind, c.text.trim()])
  return JSON.stringify([
    study.title.trim(),
    study.shortTitle.trim(),
    study.phase,
    study.sponsorName.trim(),
    study.therapeuticArea.trim(),
    stored ? study.plannedEnrollment : study.enrollmentTarget,
    stored ? study.blockMultipliers : (study.blockMultipliers ?? [2, 3]),
    arms,
    visits,
    criteria,
  ])
}

/**
 * A new study, NOT_YET_RECRUITING, with its arms, schedule and criteria, in one transaction with
 * its audit row (the whole definition as created). Refused whole, nothing stored, when the
 * definition has any problem (all of them named) or the protocol id is taken by another definition;
 * the same definition sent again returns the study it made.
 */
export async function createStudy(
  prisma: StudiesPrisma,
  input: CreateStudyInput,
  actor: AuditActor,
  at: Date,
): Promise<Study> {
  const definition = { ...input, protocolId: input.protocolId.trim().toUpperCase() }
  const problems = studyDefinitionProblems(definition)
  if (problems.length)
    throw appError(
      StudiesErrorCodes.STUDY_DEFINITION_INVALID,
      `The study definition has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}; nothing was stored. ${problems[0]}`,
      { problems },
    )
  return prisma.$transaction(async (tx) => {
    // Two requests for the same protocol id queue here, so the second sees the first's study.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`studies-protocol:${definition.protocolId}`}))`
    const existing = await tx.study.findUnique({
      where: { protocolId: definition.protocolId },
      include: {
        arms: { orderBy: { ordinal: 'asc' } },
        visitDefinitions: { orderBy: { ordinal: 'asc' } },
        criteria: { orderBy: { ordinal: 'asc' } },
      },
    })
    // The same definition again (a retry after a lost answer): the study it made, nothing new.
    if (existing && canonical(existing) === canonical(definition)) return existing
    if (existing)
      throw appError(
        StudiesErrorCodes.PROTOCOL_ID_TAKEN,
        `Another study already has protocol id ${definition.protocolId}; nothing was stored.`,
      )
    const studyId = crypto.randomUUID()
    const study = await tx.study.create({
      data: {
        id: studyId,
        protocolId: definition.protocolId,
        title: definition.title.trim(),
        shortTitle: definition.shortTitle.trim(),
        phase: definition.phase,
        status: 'NOT_YET_RECRUITING',
        sponsorName: definition.sponsorName.trim(),
        therapeuticArea: definition.therapeuticArea.trim(),
        plannedEnrollment: definition.enrollmentTarget,
        ...(definition.blockMultipliers ? { blockMultipliers: definition.blockMultipliers } : {}),
      },
    })
    const arms = definition.arms.map((arm, ordinal) => ({
      id: crypto.randomUUID(),
      studyId,
      code: arm.code,
      name: arm.name.trim(),
      allocationRatio: arm.allocationRatio,
      ordinal,
    }))
    const visitSchedule = definition.visitSchedule.map((visit, ordinal) => ({
      id: crypto.randomUUID(),
      studyId,
      ...visit,
      name: visit.name.trim(),
      ordinal,
    }))
    const eligibilityCriteria = definition.eligibilityCriteria.map((criterion, ordinal) => ({
      studyId,
      ...criterion,
      text: criterion.text.trim(),
      ordinal,
    }))
    await tx.studyArm.createMany({ data: arms })
    await tx.visitDefinition.createMany({ data: visitSchedule })
    await tx.eligibilityCriterion.createMany({ data: eligibilityCriteria })
    await auditCreated(
      tx,
      actor,
      { type: 'Study', id: studyId },
      { ...study, arms, visitSchedule, eligibilityCriteria },
      at,
    )
    await publishStudyEvent(tx, studyDefined(study, arms, visitSchedule, eligibilityCriteria))
    return study
  })
}
