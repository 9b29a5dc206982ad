import { appError } from '../../../contracts/errors/errorRegistry'
import { badInput, ErrorCodes } from '../../../contracts/errors/commonErrorCodes'
import type { Identity } from '../../../contracts/identity'
import { mayScreenOrEnroll } from '../../../access-policy/enrollmentPolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { mayReadSubject } from '../../../access-policy/accessPolicy'
import { uuidFromName } from '../../../platform/ids'
import { auditRow, createdRow, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import { enqueueEvents } from '../../../subgraph-runtime/events/outboxWrites'
import type { PatientsPrisma } from '../data/prismaClient'
import type { EnrollmentStatus } from '../generated/prisma/client'
import { PatientsErrorCodes } from '../errorCodes'
import { commandEvent } from './recordTransition'
import { startCommands } from './sagaTransitions'
import { siteToday } from './screenSubject'

/** Statuses from which an enrollment may start: screened and eligible, or a failed attempt to retry. */
const STARTABLE: readonly EnrollmentStatus[] = ['SCREENING', 'ENROLLMENT_FAILED']

/**
 * Starts the enrollment saga for a subject: the saga row (RESERVING_SLOT), the subject ENROLLING
 * and the first command (reserve a slot) in one transaction, under the subject's row lock — so of
 * two concurrent calls one starts the saga and the other finds it running and returns it.
 * Returns the saga id; the saga goes on in the background (sagaOrchestrator).
 */
export async function startEnrollment(
  prisma: PatientsPrisma,
  identity: Identity | null,
  actor: AuditActor,
  {
    patientId,
    enrollmentDate,
    stepTimeoutMs,
  }: { patientId: string; enrollmentDate: string | null; stepTimeoutMs: number },
): Promise<{ sagaId: string; started: boolean }> {
  return prisma.$transaction(async (tx) => {
    const [patient] = await tx.$queryRaw<
      { id: string; studyId: string; siteId: string; status: EnrollmentStatus; screeningDate: string }[]
    >`SELECT id, study_id AS "studyId", site_id AS "siteId", enrollment_status AS status,
        to_char(screening_date, 'YYYY-MM-DD') AS "screeningDate"
      FROM patient WHERE id = ${patientId}::uuid FOR UPDATE`
    if (!patient || !mayReadSubject(identity, { patientId, ...patient })) throw forbidden('patient', patientId)
    if (!mayScreenOrEnroll(identity, patient))
      throw appError(ErrorCodes.FORBIDDEN, "Only an investigator or CRC of the subject's site may enroll the subject.")
    if (patient.status === 'ENROLLING') {
      const live = await tx.enrollmentSaga.findFirstOrThrow({ where: { patientId }, orderBy: { attempt: 'desc' } })
      return { sagaId: live.id, started: false }
    }
    if (!STARTABLE.includes(patient.status))
      throw appError(
        PatientsErrorCodes.ENROLLMENT_NOT_ALLOWED,
        `The subject cannot be enrolled: their status is ${patient.status}.`,
        { enrollmentStatus: patient.status },
      )
    const site = await tx.siteRegistry.findUnique({ where: { siteId: patient.siteId } })
    const today = siteToday(site?.timeZone ?? 'UTC')
    const date = enrollmentDate ?? today
    if (date > today)
      throw badInput('enrollmentDate', `The enrollment date ${date} is in the future at the site (today is ${today}).`)
    if (date < patient.screeningDate)
      throw badInput(
        'enrollmentDate',
        `The enrollment date ${date} is before the screening date ${patient.screeningDate}.`,
      )

    const previous = await tx.enrollmentSaga.count({ where: { patientId } })
    const attempt = previous + 1
    const sagaId = uuidFromName(`enroll:${patientId}:${attempt}`)
    const now = new Date()
    const saga = await tx.enrollmentSaga.create({
      data: {
        id: sagaId,
        patientId,
        attempt,
        state: 'RESERVING_SLOT',
        slot: 'REQUESTED',
        studyId: patient.studyId,
        siteId: patient.siteId,
        enrollmentDate: new Date(`${date}T00:00:00Z`),
        requestedBy: identity!.userId,
        stepDeadlineAt: new Date(now.getTime() + stepTimeoutMs),
        version: 1,
        startedAt: now,
      },
    })
    await tx.enrollmentSagaTransition.create({
      data: { sagaId, version: 1, fromState: null, toState: 'RESERVING_SLOT', cause: 'enrollPatient', at: now },
    })
    await tx.patient.update({ where: { id: patientId }, data: { enrollmentStatus: 'ENROLLING' } })
    await enqueueEvents(
      tx,
      startCommands({ id: sagaId, patientId, studyId: patient.studyId, siteId: patient.siteId }).map((c) =>
        commandEvent(c, 1),
      ),
    )
    await tx.auditEvent.createMany({
      data: [
        createdRow(actor, { type: 'EnrollmentSaga', id: sagaId }, saga, now),
        auditRow(actor, 'UPDATE', { type: 'Patient', id: patientId }, now, {
          field: 'enrollmentStatus',
          oldValue: patient.status,
          newValue: 'ENROLLING',
        }),
      ],
    })
    return { sagaId, started: true }
  })
}
