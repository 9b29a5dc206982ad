import { INVENTORY_COMMANDS_TOPIC, STUDIES_COMMANDS_TOPIC } from '../../../contracts/enrollmentSaga'
import { PATIENTS_SUBJECT_TOPIC, type SubjectEvent } from '../../../contracts/subjectEvents'
import { uuidFromName } from '../../../platform/ids'
import { auditRow, type AuditActor, type AuditEventInput } from '../../../subgraph-runtime/audit/auditTrail'
import { enqueueEvents, type OutgoingEvent } from '../../../subgraph-runtime/events/outboxWrites'
import type { LockedSaga, PatientsTransaction } from '../data/enrollmentSagas'
import type { EnrollmentStatus } from '../generated/prisma/client'
import { isTerminal, type SagaCommand, type SagaDecision } from './sagaTransitions'
import { planVisits } from './visitPlan'

const COMMAND_TOPIC: Record<SagaCommand['type'], string> = {
  ReserveEnrollmentSlot: STUDIES_COMMANDS_TOPIC,
  ReleaseEnrollmentSlot: STUDIES_COMMANDS_TOPIC,
  ConfirmEnrollmentSlot: STUDIES_COMMANDS_TOPIC,
  RandomizeAndAllocateKit: INVENTORY_COMMANDS_TOPIC,
  ReleaseKitAllocation: INVENTORY_COMMANDS_TOPIC,
}

/**
 * A command as an outbox event. Its id names the saga, the command and the saga version it was
 * decided at: the same decision taken twice (a handler run again) writes nothing new, while a
 * command sent again after a timeout is a new message the participant answers again.
 */
export const commandEvent = (command: SagaCommand, version: number): OutgoingEvent => ({
  id: uuidFromName(`${command.type}:${command.sagaId}:${version}`),
  topic: COMMAND_TOPIC[command.type],
  key: command.patientId,
  type: command.type,
  payload: command,
})

/**
 * Writes one decision of the saga in the caller's transaction (the saga row is locked): the new
 * state, a history row, the commands to the outbox, the audit rows and, at the end, the subject's
 * own record — enrolled with its visits, or failed. All or nothing, so a crash at any point leaves
 * either the state before or the state after, never half of it.
 */
export async function recordTransition(
  tx: PatientsTransaction,
  saga: LockedSaga,
  decision: SagaDecision,
  { cause, actor, stepTimeoutMs }: { cause: string; actor: AuditActor; stepTimeoutMs: number },
): Promise<void> {
  const version = saga.version + 1
  const now = new Date()
  const finished = isTerminal(decision.state)
  await tx.enrollmentSaga.update({
    where: { id: saga.id },
    data: {
      state: decision.state,
      slot: decision.slot,
      kit: decision.kit,
      failureCode: decision.failureCode,
      ...(decision.allocation ?? {}),
      version,
      stepDeadlineAt: decision.awaitReply ? new Date(now.getTime() + stepTimeoutMs) : null,
      finishedAt: finished ? now : null,
    },
  })
  await tx.enrollmentSagaTransition.create({
    data: { sagaId: saga.id, version, fromState: saga.state, toState: decision.state, cause, at: now },
  })
  const events = decision.commands.map((c) => commandEvent(c, version))
  const audit: AuditEventInput[] = []
  if (decision.state !== saga.state)
    audit.push(
      auditRow(actor, 'UPDATE', { type: 'EnrollmentSaga', id: saga.id }, now, {
        field: 'state',
        oldValue: saga.state,
        newValue: decision.state,
      }),
    )
  const outcome = { tx, saga, decision, actor, at: now, audit }
  if (decision.state === 'ENROLLED') events.push(subjectEvent(saga, await enrollSubject(outcome)))
  if (decision.state === 'FAILED') events.push(subjectEvent(saga, await failSubject(outcome)))
  await enqueueEvents(tx, events)
  if (audit.length) await tx.auditEvent.createMany({ data: audit })
}

async function setStatus(
  tx: PatientsTransaction,
  patientId: string,
  status: EnrollmentStatus,
  actor: AuditActor,
  at: Date,
  audit: AuditEventInput[],
  extra: { enrollmentDate?: Date } = {},
) {
  const before = await tx.patient.findUniqueOrThrow({ where: { id: patientId }, select: { enrollmentStatus: true } })
  const after = await tx.patient.update({ where: { id: patientId }, data: { enrollmentStatus: status, ...extra } })
  audit.push(
    auditRow(actor, 'UPDATE', { type: 'Patient', id: patientId }, at, {
      field: 'enrollmentStatus',
      oldValue: before.enrollmentStatus,
      newValue: status,
    }),
  )
  return after
}

/** What the end of a saga writes with: its transaction, the saga, the decision, who, when, the audit rows. */
interface Outcome {
  tx: PatientsTransaction
  saga: LockedSaga
  decision: SagaDecision
  actor: AuditActor
  at: Date
  audit: AuditEventInput[]
}

/** The subject event that tells the other contexts, once per saga (its id names the saga). */
const subjectEvent = (saga: LockedSaga, event: SubjectEvent): OutgoingEvent => ({
  id: uuidFromName(`${event.type}:${saga.id}`),
  topic: PATIENTS_SUBJECT_TOPIC,
  key: saga.patientId,
  type: event.type,
  payload: event,
})

/**
 * ENROLLED: the subject's record and visits. The visits come from the study's schedule as studies
 * sent it with the confirmed slot. A baseline planned at screening (not yet done) is moved to the
 * schedule's date rather than doubled; every other visit is added after the existing ones, with
 * ids derived from the subject and the visit code, so running this twice adds nothing.
 */
async function enrollSubject({ tx, saga, decision, actor, at, audit }: Outcome): Promise<SubjectEvent> {
  const { visitSchedule, siteTimeZone } = decision.enrolled!
  const patient = await setStatus(tx, saga.patientId, 'ENROLLED', actor, at, audit, {
    enrollmentDate: new Date(`${saga.enrollmentDate}T00:00:00Z`),
  })
  const existing = await tx.visit.findMany({ where: { patientId: saga.patientId }, orderBy: { visitNumber: 'asc' } })
  let nextNumber = Math.max(0, ...existing.map((v) => v.visitNumber)) + 1
  const tentativeBaseline = existing.find(
    (v) => v.visitType === 'BASELINE' && v.status === 'SCHEDULED' && !v.actualDate,
  )
  const visits = []
  for (const planned of planVisits(visitSchedule, saga.enrollmentDate)) {
    const dates = {
      scheduledDate: new Date(`${planned.scheduledDate}T00:00:00Z`),
      windowStart: new Date(`${planned.windowStart}T00:00:00Z`),
      windowEnd: new Date(`${planned.windowEnd}T00:00:00Z`),
    }
    if (planned.visitType === 'BASELINE' && tentativeBaseline) {
      await tx.visit.update({ where: { id: tentativeBaseline.id }, data: { name: planned.name, ...dates } })
      visits.push({ ...planned, visitId: tentativeBaseline.id, visitNumber: tentativeBaseline.visitNumber })
      continue
    }
    const visit = {
      id: uuidFromName(`visit:${saga.patientId}:${planned.code}`),
      patientId: saga.patientId,
      visitNumber: nextNumber++,
      name: planned.name,
      visitType: planned.visitType,
      status: 'SCHEDULED' as const,
      ...dates,
    }
    await tx.visit.create({ data: visit })
    audit.push(auditRow(actor, 'CREATE', { type: 'Visit', id: visit.id }, at, { newValue: visit }))
    visits.push({ ...planned, visitId: visit.id, visitNumber: visit.visitNumber })
  }
  return {
    type: 'SubjectEnrolled',
    patientId: saga.patientId,
    subjectNumber: patient.subjectNumber,
    studyId: saga.studyId,
    siteId: saga.siteId,
    enrollmentDate: saga.enrollmentDate,
    timeZone: siteTimeZone,
    visits: visits.map((v) => ({
      visitId: v.visitId,
      visitNumber: v.visitNumber,
      name: v.name,
      visitType: v.visitType,
      scheduledDate: v.scheduledDate,
      windowStart: v.windowStart,
      windowEnd: v.windowEnd,
      questionnaireCodes: v.questionnaireCodes,
    })),
  }
}

async function failSubject({ tx, saga, decision, actor, at, audit }: Outcome): Promise<SubjectEvent> {
  await setStatus(tx, saga.patientId, 'ENROLLMENT_FAILED', actor, at, audit)
  return {
    type: 'SubjectEnrollmentFailed',
    patientId: saga.patientId,
    studyId: saga.studyId,
    siteId: saga.siteId,
    code: decision.failureCode ?? 'UNKNOWN',
  }
}
