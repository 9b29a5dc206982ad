import {
  STUDIES_REPLIES_TOPIC,
  type EnrollmentFailureCode,
  type StudiesCommand,
  type StudiesReply,
} from '../../../contracts/enrollmentSaga'
import type { Logger } from '../../../platform/logging/logger'
import { uuidFromName } from '../../../platform/ids'
import { systemActor } from '../../../subgraph-runtime/audit/auditActor'
import { auditRow } from '../../../subgraph-runtime/audit/auditTrail'
import type { BusMessage } from '../../../subgraph-runtime/events/eventBus'
import { claimEvent, enqueueEvents } from '../../../subgraph-runtime/events/outboxWrites'
import type { Prisma } from '../generated/prisma/client'
import type { StudiesPrisma } from '../data/prismaClient'
import { visitDefinitionOf } from '../setup/studyEvents'

/** Consumer group of the slot commands (every studies instance shares it). */
export const SLOT_COMMANDS_GROUP = 'studies-enrollment-slots'

type Tx = Prisma.TransactionClient

/**
 * The reply to a command, as an outbox event. Its id names the reply and the saga, so answering
 * the same command again (a redelivery, or the saga asking again after a timeout) writes nothing
 * new when the answer was already sent — and the same answer when it was not yet.
 */
const reply = (answer: StudiesReply) => ({
  id: uuidFromName(`${answer.type}:${answer.sagaId}`),
  topic: STUDIES_REPLIES_TOPIC,
  key: answer.patientId,
  type: answer.type,
  payload: answer,
})

/**
 * Slots within the site's cap and the study's target, for the enrollment saga (docs/enrollment.md).
 * Each command is handled in one transaction with its claim (a redelivery changes nothing) and its
 * reply. The counters only move by conditional UPDATEs that Postgres re-checks on the locked row
 * (READ COMMITTED), site before study in every transaction, and CHECK constraints refuse
 * over-booking even if a bug got past them: concurrent reservations can never take more slots
 * than there are.
 */
export function slotCommandHandler(prisma: StudiesPrisma, logger: Logger) {
  return async (message: BusMessage): Promise<void> => {
    const command = { ...(message.payload as StudiesCommand), type: message.type } as StudiesCommand
    const outcome = await prisma.$transaction(async (tx) => {
      if (!(await claimEvent(tx, SLOT_COMMANDS_GROUP, message.id))) return 'redelivered'
      switch (command.type) {
        case 'ReserveEnrollmentSlot':
          return reserve(tx, command, message.id)
        case 'ReleaseEnrollmentSlot':
          return release(tx, command, message.id)
        case 'ConfirmEnrollmentSlot':
          return confirm(tx, command, message.id, logger)
        default:
          return 'unknown command'
      }
    })
    logger.info({ sagaId: command.sagaId, command: message.type, outcome }, 'enrollment slot command handled')
  }
}

async function reserve(tx: Tx, c: Extract<StudiesCommand, { type: 'ReserveEnrollmentSlot' }>, eventId: string) {
  const ref = { sagaId: c.sagaId, patientId: c.patientId }
  const known = await tx.slotReservation.findUnique({ where: { sagaId: c.sagaId } })
  if (known) {
    // Asked again: the same answer. A release that came first left a tombstone: refused.
    const answer: StudiesReply =
      known.status === 'RESERVED' || known.status === 'CONFIRMED'
        ? { type: 'SlotReserved', ...ref }
        : { type: 'SlotRefused', ...ref, code: (known.refusalCode as EnrollmentFailureCode) ?? 'SAGA_CANCELLED' }
    await enqueueEvents(tx, [reply(answer)])
    return `answered again: ${answer.type}`
  }
  const refusal = await takeSlot(tx, c.studyId, c.siteId)
  await tx.slotReservation.create({
    data: {
      sagaId: c.sagaId,
      patientId: c.patientId,
      studyId: c.studyId,
      siteId: c.siteId,
      status: refusal ? 'REFUSED' : 'RESERVED',
      refusalCode: refusal,
    },
  })
  await audit(tx, eventId, c.sagaId, null, refusal ? 'REFUSED' : 'RESERVED', refusal)
  await enqueueEvents(tx, [
    reply(refusal ? { type: 'SlotRefused', ...ref, code: refusal } : { type: 'SlotReserved', ...ref }),
  ])
  return refusal ?? 'reserved'
}

/** Takes one slot at the site and in the study, or says why not (then nothing was taken). */
async function takeSlot(tx: Tx, studyId: string, siteId: string): Promise<EnrollmentFailureCode | null> {
  const site = await tx.$executeRaw`
    UPDATE site SET slots_taken = slots_taken + 1
    WHERE id = ${siteId}::uuid AND study_id = ${studyId}::uuid AND status = 'ACTIVE' AND slots_taken < enrollment_cap`
  if (site === 0) {
    const found = await tx.site.findFirst({ where: { id: siteId, studyId }, select: { status: true } })
    return found?.status === 'ACTIVE' ? 'SITE_CAP_REACHED' : 'SITE_NOT_ACTIVE'
  }
  const study = await tx.$executeRaw`
    UPDATE study SET slots_taken = slots_taken + 1
    WHERE id = ${studyId}::uuid AND status = 'RECRUITING' AND slots_taken < planned_enrollment`
  if (study === 1) return null
  await tx.$executeRaw`UPDATE site SET slots_taken = slots_taken - 1 WHERE id = ${siteId}::uuid`
  const found = await tx.study.findUnique({ where: { id: studyId }, select: { status: true } })
  return found?.status === 'RECRUITING' ? 'STUDY_TARGET_REACHED' : 'STUDY_NOT_RECRUITING'
}

/** A saga's reservation, locked until the transaction ends (release and confirm take turns on it). */
async function lockReservation(tx: Tx, sagaId: string) {
  const [held] = await tx.$queryRaw<{ status: string; studyId: string; siteId: string }[]>`
    SELECT status, study_id AS "studyId", site_id AS "siteId" FROM slot_reservation WHERE saga_id = ${sagaId}::uuid FOR UPDATE`
  return held
}

async function release(tx: Tx, c: Extract<StudiesCommand, { type: 'ReleaseEnrollmentSlot' }>, eventId: string) {
  const ref = { sagaId: c.sagaId, patientId: c.patientId }
  const held = await lockReservation(tx, c.sagaId)
  if (!held) {
    // Released before it was reserved (reordered delivery, or the reservation never arrived): a
    // tombstone, so a reservation arriving later is refused instead of booking a slot nobody frees.
    await tx.slotReservation.create({
      data: {
        sagaId: c.sagaId,
        patientId: c.patientId,
        studyId: c.studyId,
        siteId: c.siteId,
        status: 'CANCELLED',
        refusalCode: 'SAGA_CANCELLED',
      },
    })
    await audit(tx, eventId, c.sagaId, null, 'CANCELLED', c.reasonCode)
  } else if (held.status === 'RESERVED') {
    await tx.$executeRaw`UPDATE site SET slots_taken = slots_taken - 1 WHERE id = ${held.siteId}::uuid`
    await tx.$executeRaw`UPDATE study SET slots_taken = slots_taken - 1 WHERE id = ${held.studyId}::uuid`
    await tx.slotReservation.update({ where: { sagaId: c.sagaId }, data: { status: 'RELEASED' } })
    await audit(tx, eventId, c.sagaId, 'RESERVED', 'RELEASED', c.reasonCode)
  } else if (held.status === 'CONFIRMED') {
    // After the pivot the saga never compensates: a release of a confirmed slot is a bug upstream.
    return 'refused: the slot is confirmed'
  }
  await enqueueEvents(tx, [reply({ type: 'SlotReleased', ...ref })])
  return held ? `released (was ${held.status})` : 'tombstone'
}

async function confirm(
  tx: Tx,
  c: Extract<StudiesCommand, { type: 'ConfirmEnrollmentSlot' }>,
  eventId: string,
  logger: Logger,
) {
  const held = await lockReservation(tx, c.sagaId)
  if (!held || (held.status !== 'RESERVED' && held.status !== 'CONFIRMED')) {
    logger.warn({ sagaId: c.sagaId, status: held?.status }, 'confirmation of a slot that is not held: not answered')
    return 'not held'
  }
  if (held.status === 'RESERVED') {
    await tx.$executeRaw`UPDATE site SET enrolled_count = enrolled_count + 1 WHERE id = ${held.siteId}::uuid`
    await tx.$executeRaw`UPDATE study SET enrolled_count = enrolled_count + 1 WHERE id = ${held.studyId}::uuid`
    await tx.slotReservation.update({ where: { sagaId: c.sagaId }, data: { status: 'CONFIRMED' } })
    await audit(tx, eventId, c.sagaId, 'RESERVED', 'CONFIRMED', null)
  }
  const [schedule, site] = await Promise.all([
    tx.visitDefinition.findMany({ where: { studyId: held.studyId }, orderBy: { ordinal: 'asc' } }),
    tx.site.findUniqueOrThrow({ where: { id: held.siteId }, select: { timeZone: true } }),
  ])
  await enqueueEvents(tx, [
    reply({
      type: 'SlotConfirmed',
      sagaId: c.sagaId,
      patientId: c.patientId,
      siteTimeZone: site.timeZone,
      visitSchedule: schedule.map(visitDefinitionOf),
    }),
  ])
  return held.status === 'RESERVED' ? 'confirmed' : 'answered again: SlotConfirmed'
}

const audit = (tx: Tx, eventId: string, sagaId: string, from: string | null, to: string, reason: string | null) =>
  tx.auditEvent.createMany({
    data: [
      auditRow(systemActor(eventId), from ? 'UPDATE' : 'CREATE', { type: 'SlotReservation', id: sagaId }, new Date(), {
        field: 'status',
        oldValue: from,
        newValue: to,
        reasonForChange: reason,
      }),
    ],
  })
