import crypto from 'node:crypto'
import { appError } from '../../../contracts/errors/errorRegistry'
import { badInput } from '../../../contracts/errors/commonErrorCodes'
import type { Identity } from '../../../contracts/identity'
import { mayScreenOrEnroll } from '../../../access-policy/enrollmentPolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { uuidFromName } from '../../../platform/ids'
import { auditRow, createdRow, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import type { PatientsPrisma } from '../data/prismaClient'
import type { Patient, Sex } from '../generated/prisma/client'
import { PatientsErrorCodes } from '../errorCodes'
import { eligibilityProblems, isEligible, type EligibilityAnswer, type ProtocolCriterion } from './eligibilityAnswers'

export interface ScreeningInput {
  siteId: string
  yearOfBirth: number
  sex: Sex
  /** "YYYY-MM-DD" */
  screeningDate: string | null
  eligibility: EligibilityAnswer[]
  clientRequestId: string | null
}

/** Today's calendar date where the site is (a screening or enrollment date is the site's). */
export const siteToday = (timeZone: string, now = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)

/**
 * A new subject in screening at a site (ICH E6(R3): everyone screened is on the screening log, so
 * one found not eligible is kept, as SCREEN_FAILED). Numbered in screening order at the site
 * (protocol-site-sequence, as the seeded subjects are), with the screening visit done that day.
 * A retry with the same clientRequestId returns the subject the first call made.
 */
export async function screenSubject(
  prisma: PatientsPrisma,
  identity: Identity | null,
  actor: AuditActor,
  input: ScreeningInput,
): Promise<Patient> {
  const site = await prisma.siteRegistry.findUnique({ where: { siteId: input.siteId } })
  if (!site || !mayScreenOrEnroll(identity, { studyId: site.studyId, siteId: site.siteId }))
    throw forbidden('site', input.siteId)
  const id = input.clientRequestId
    ? uuidFromName(`screen:${identity!.userId}:${input.clientRequestId}`)
    : crypto.randomUUID()
  const earlier = await prisma.patient.findUnique({ where: { id } })
  if (earlier) return earlier

  const today = siteToday(site.timeZone)
  const screeningDate = input.screeningDate ?? today
  if (screeningDate > today)
    throw badInput(
      'screeningDate',
      `The screening date ${screeningDate} is in the future at the site (today is ${today}).`,
    )
  const thisYear = Number(today.slice(0, 4))
  if (!Number.isInteger(input.yearOfBirth) || input.yearOfBirth < thisYear - 120 || input.yearOfBirth > thisYear)
    throw badInput('yearOfBirth', `The year of birth must be between ${thisYear - 120} and ${thisYear}.`)
  const study = await prisma.studyRegistry.findUnique({ where: { studyId: site.studyId } })
  if (study?.status !== 'RECRUITING')
    throw appError(
      PatientsErrorCodes.SITE_NOT_OPEN_FOR_SCREENING,
      `The study is not recruiting (${study?.status ?? 'not set up'}): nobody can be screened.`,
      { studyStatus: study?.status ?? null },
    )
  const problems = eligibilityProblems(input.eligibility, study.eligibilityCriteria as unknown as ProtocolCriterion[])
  if (problems.length)
    throw appError(
      PatientsErrorCodes.ELIGIBILITY_INVALID,
      `The eligibility answers were refused: ${problems.join(' ')}`,
      { problems },
    )

  const eligibility = input.eligibility.map((a) => ({ code: a.code.trim(), kind: a.kind, met: a.met }))
  const roles = new Set(identity!.grants.filter((g) => g.siteId === site.siteId).map((g) => g.role))
  return prisma.$transaction(async (tx) => {
    // The next number at the site, taken under the registry row's lock: numbers never repeat,
    // and a site that closed meanwhile screens nobody.
    const [numbering] = await tx.$queryRaw<{ seq: number }[]>`
      UPDATE site_registry SET last_subject_seq = last_subject_seq + 1, updated_at = now()
      WHERE site_id = ${site.siteId}::uuid AND active RETURNING last_subject_seq AS seq`
    if (!numbering)
      throw appError(
        PatientsErrorCodes.SITE_NOT_OPEN_FOR_SCREENING,
        'The site is not active: nobody can be screened there.',
      )
    const now = new Date()
    const patient = await tx.patient.create({
      data: {
        id,
        subjectNumber: `${site.protocolId}-${site.siteNumber}-${String(numbering.seq).padStart(4, '0')}`,
        studyId: site.studyId,
        siteId: site.siteId,
        enrollmentStatus: isEligible(eligibility) ? 'SCREENING' : 'SCREEN_FAILED',
        screeningDate: new Date(`${screeningDate}T00:00:00Z`),
        yearOfBirth: input.yearOfBirth,
        sex: input.sex,
        eligibility,
        enrollingInvestigatorId: roles.has('INVESTIGATOR') ? identity!.userId : null,
        assignedCrcId: roles.has('CRC') ? identity!.userId : null,
      },
    })
    const visit = {
      id: uuidFromName(`visit:${id}:SCREENING`),
      patientId: id,
      visitNumber: 1,
      name: 'Screening',
      visitType: 'SCREENING' as const,
      scheduledDate: patient.screeningDate,
      actualDate: patient.screeningDate,
      status: 'COMPLETED' as const,
    }
    await tx.visit.create({ data: visit })
    await tx.auditEvent.createMany({
      data: [
        createdRow(actor, { type: 'Patient', id }, patient, now),
        auditRow(actor, 'CREATE', { type: 'Visit', id: visit.id }, now, { newValue: visit }),
      ],
    })
    return patient
  })
}
