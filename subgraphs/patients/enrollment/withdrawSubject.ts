import { appError } from '../../../contracts/errors/errorRegistry'
import { badInput, ErrorCodes } from '../../../contracts/errors/commonErrorCodes'
import type { Identity } from '../../../contracts/identity'
import { PATIENTS_SUBJECT_TOPIC, type SubjectEvent } from '../../../contracts/subjectEvents'
import { mayScreenOrEnroll } from '../../../access-policy/enrollmentPolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { mayReadSubject } from '../../../access-policy/accessPolicy'
import { uuidFromName } from '../../../platform/ids'
import { auditRow, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import { enqueueEvents } from '../../../subgraph-runtime/events/outboxWrites'
import type { PatientsPrisma } from '../data/prismaClient'
import type { EnrollmentStatus } from '../generated/prisma/client'
import { PatientsErrorCodes } from '../errorCodes'
import { siteToday } from './screenSubject'

const REASON_MAX = 1000

/**
 * An enrolled subject leaves the study (ICH E6(R3): the reason is recorded; the data collected
 * until then is kept). Under the subject's row lock, in one transaction: the subject WITHDRAWN on
 * the day, their visits still scheduled after it CANCELLED, the audit rows with the reason, and
 * the SubjectWithdrawn event that ends their diary elsewhere. The same request again (same day)
 * returns the subject unchanged.
 */
export async function withdrawSubject(
  prisma: PatientsPrisma,
  identity: Identity | null,
  actor: AuditActor,
  input: { patientId: string; withdrawnOn: string | null; reason: string },
): Promise<void> {
  const reason = input.reason.trim()
  if (!reason) throw badInput('reason', 'A withdrawal needs its reason, for the audit trail.')
  if (reason.length > REASON_MAX) throw badInput('reason', `The reason is at most ${REASON_MAX} characters.`)
  await prisma.$transaction(async (tx) => {
    const [patient] = await tx.$queryRaw<
      {
        studyId: string
        siteId: string
        status: EnrollmentStatus
        enrollmentDate: string | null
        withdrawnOn: string | null
      }[]
    >`SELECT study_id AS "studyId", site_id AS "siteId", enrollment_status AS status,
        to_char(enrollment_date, 'YYYY-MM-DD') AS "enrollmentDate", to_char(withdrawn_on, 'YYYY-MM-DD') AS "withdrawnOn"
      FROM patient WHERE id = ${input.patientId}::uuid FOR UPDATE`
    if (!patient || !mayReadSubject(identity, { patientId: input.patientId, ...patient }))
      throw forbidden('patient', input.patientId)
    if (!mayScreenOrEnroll(identity, patient))
      throw appError(
        ErrorCodes.FORBIDDEN,
        "Only an investigator or CRC of the subject's site may withdraw the subject.",
      )
    const site = await tx.siteRegistry.findUnique({ where: { siteId: patient.siteId }, select: { timeZone: true } })
    const today = siteToday(site?.timeZone ?? 'UTC')
    const day = input.withdrawnOn ?? today
    if (patient.status === 'WITHDRAWN' && patient.withdrawnOn === day) return
    if (patient.status !== 'ENROLLED')
      throw appError(
        PatientsErrorCodes.WITHDRAWAL_NOT_ALLOWED,
        patient.status === 'WITHDRAWN'
          ? `The subject was already withdrawn on ${patient.withdrawnOn}.`
          : `Only an enrolled subject can be withdrawn: their status is ${patient.status}.`,
        { enrollmentStatus: patient.status },
      )
    if (day > today)
      throw badInput('withdrawnOn', `The withdrawal date ${day} is in the future at the site (today is ${today}).`)
    if (patient.enrollmentDate && day < patient.enrollmentDate)
      throw badInput(
        'withdrawnOn',
        `The withdrawal date ${day} is before the enrollment date ${patient.enrollmentDate}.`,
      )

    const at = new Date()
    const date = new Date(`${day}T00:00:00Z`)
    await tx.patient.update({
      where: { id: input.patientId },
      data: { enrollmentStatus: 'WITHDRAWN', withdrawnOn: date },
    })
    const cancelled = await tx.visit.findMany({
      where: { patientId: input.patientId, status: 'SCHEDULED', scheduledDate: { gt: date } },
      select: { id: true },
    })
    await tx.visit.updateMany({
      where: { id: { in: cancelled.map((v) => v.id) } },
      data: { status: 'CANCELLED' },
    })
    const entity = { type: 'Patient', id: input.patientId }
    await tx.auditEvent.createMany({
      data: [
        auditRow(actor, 'UPDATE', entity, at, {
          field: 'enrollmentStatus',
          oldValue: 'ENROLLED',
          newValue: 'WITHDRAWN',
          reasonForChange: reason,
        }),
        auditRow(actor, 'UPDATE', entity, at, {
          field: 'withdrawnOn',
          oldValue: null,
          newValue: day,
          reasonForChange: reason,
        }),
        ...cancelled.map((v) =>
          auditRow(actor, 'UPDATE', { type: 'Visit', id: v.id }, at, {
            field: 'status',
            oldValue: 'SCHEDULED',
            newValue: 'CANCELLED',
            reasonForChange: `Subject withdrawn: ${reason}`,
          }),
        ),
      ],
    })
    const event: SubjectEvent = {
      type: 'SubjectWithdrawn',
      patientId: input.patientId,
      studyId: patient.studyId,
      siteId: patient.siteId,
      withdrawnOn: day,
    }
    await enqueueEvents(tx, [
      {
        id: uuidFromName(`SubjectWithdrawn:${input.patientId}`),
        topic: PATIENTS_SUBJECT_TOPIC,
        key: input.patientId,
        type: event.type,
        payload: event,
      },
    ])
  })
}
