import crypto from 'node:crypto'
import { appError } from '../../../contracts/errors/errorRegistry'
import { auditCreated, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import type { StudiesPrisma } from '../data/prismaClient'
import { StudiesErrorCodes } from '../errorCodes'
import type { CreateStudyInput } from '../generated/graphql'
import type { Study } from '../generated/prisma/client'
import { publishStudyEvent, studyDefined } from './studyEvents'
import { studyDefinitionProblems } from './validateStudyDefinition'

/**
 * A new study, NOT_YET_RECRUITING, with its arms, schedule and criteria, in one transaction with
 * its audit row (the whole definition as created). Refused whole, nothing stored, when the
 * definition has any problem (all of them named) or the protocol id is taken.
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
    if (await tx.study.findUnique({ where: { protocolId: definition.protocolId }, select: { id: true } }))
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
