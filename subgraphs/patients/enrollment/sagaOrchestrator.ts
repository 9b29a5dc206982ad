import { EventEmitter } from 'node:events'
import type { BusMessage } from '../../../subgraph-runtime/events/eventBus'
import { claimEvent } from '../../../subgraph-runtime/events/outboxWrites'
import { systemActor } from '../../../subgraph-runtime/audit/auditActor'
import type { AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import type { Logger } from '../../../platform/logging/logger'
import { lockOverdueSagas, lockSaga, type LockedSaga, type PatientsTransaction } from '../data/enrollmentSagas'
import type { PatientsPrisma } from '../data/prismaClient'
import type { EnrollmentSagaState } from '../generated/prisma/client'
import { decide, isTerminal, type SagaInput } from './sagaTransitions'
import { recordTransition } from './recordTransition'
import { noteSagaMoved, type SagaMove } from './sagaMetrics'

/** Consumer group of the orchestrator's replies (every patients instance shares it). */
export const SAGA_REPLIES_GROUP = 'patients-enrollment-saga'

const REPLY_TYPES = new Set([
  'SlotReserved',
  'SlotRefused',
  'SlotReleased',
  'SlotConfirmed',
  'KitAllocated',
  'AllocationRefused',
  'KitAllocationReleased',
])

/**
 * Tells waiting enrollPatient calls in this process that a saga moved (after its commit). Only a
 * shortcut: a waiter also re-reads the row now and then, since another instance may have moved it.
 */
export const sagaProgress = new EventEmitter().setMaxListeners(0)

/** Takes one decision for the locked saga and records it; the move, or null when nothing applies. */
export async function advanceLockedSaga(
  tx: PatientsTransaction,
  saga: LockedSaga,
  input: SagaInput,
  options: { cause: string; actor: AuditActor; stepTimeoutMs: number },
): Promise<SagaMove | null> {
  const snapshot = { ...saga }
  const decision = decide(snapshot, input)
  if (!decision) return null
  await recordTransition(tx, saga, decision, options)
  return { sagaId: saga.id, state: decision.state, failureCode: decision.failureCode, startedAt: saga.startedAt }
}

/** After the commit: waiting enrollPatient calls learn of the move, and a finished saga is counted. */
function announce(move: SagaMove): void {
  noteSagaMoved(move)
  sagaProgress.emit(move.sagaId, move.state)
}

/**
 * The orchestrator's consumer: a participant's reply moves its saga, in one transaction with the
 * claim of the message (a redelivery finds the claim and changes nothing) and the commands it
 * leads to. A reply for a saga that is not there (or not waiting for it) is acknowledged and
 * dropped: it is a late duplicate.
 */
export function sagaReplyHandler(prisma: PatientsPrisma, stepTimeoutMs: number, logger: Logger) {
  return async (message: BusMessage): Promise<void> => {
    const reply = message.payload as SagaInput & { sagaId?: string }
    if (!REPLY_TYPES.has(message.type) || typeof reply.sagaId !== 'string') {
      logger.warn({ eventId: message.id, type: message.type }, 'enrollment saga: unknown reply dropped')
      return
    }
    const moved = await prisma.$transaction(async (tx) => {
      if (!(await claimEvent(tx, SAGA_REPLIES_GROUP, message.id))) return null
      const saga = await lockSaga(tx, reply.sagaId!)
      if (!saga) return null
      return advanceLockedSaga(tx, saga, { ...reply, type: message.type } as SagaInput, {
        cause: message.type,
        actor: systemActor(message.id),
        stepTimeoutMs,
      })
    })
    if (moved) {
      logger.info({ sagaId: moved.sagaId, state: moved.state, reply: message.type }, 'enrollment saga moved')
      announce(moved)
    } else logger.debug({ eventId: message.id, type: message.type }, 'enrollment saga: reply changed nothing')
  }
}

/**
 * One pass of the timeout sweeper: overdue sagas (their step's deadline passed), each moved by
 * StepTimedOut in one transaction. Nothing waits in memory, so after a restart the first pass picks
 * up whatever the dead process left.
 */
export async function sweepOverdueSagas(
  prisma: PatientsPrisma,
  stepTimeoutMs: number,
  logger: Logger,
  limit = 50,
): Promise<number> {
  const moved = await prisma.$transaction(async (tx) => {
    const ids = await lockOverdueSagas(tx, limit)
    const results: SagaMove[] = []
    for (const id of ids) {
      const saga = (await lockSaga(tx, id))!
      const move = await advanceLockedSaga(
        tx,
        saga,
        { type: 'StepTimedOut' },
        {
          cause: 'StepTimedOut',
          actor: systemActor(`enrollment-sweeper:${id}:${saga.version}`),
          stepTimeoutMs,
        },
      )
      if (move) results.push(move)
    }
    return results
  })
  for (const m of moved) {
    logger.warn({ sagaId: m.sagaId, state: m.state }, 'enrollment saga step timed out')
    announce(m)
  }
  return moved.length
}

/** Resolves when the saga is ENROLLED or FAILED, or when `ms` has passed (with its state then). */
export async function waitForOutcome(
  prisma: PatientsPrisma,
  sagaId: string,
  ms: number,
): Promise<EnrollmentSagaState | null> {
  const read = async () =>
    (await prisma.enrollmentSaga.findUnique({ where: { id: sagaId }, select: { state: true } }))?.state ?? null
  const until = Date.now() + ms
  for (;;) {
    const state = await read()
    if (!state || isTerminal(state) || Date.now() >= until) return state
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        sagaProgress.off(sagaId, done)
        resolve()
      }
      // Another instance may move the saga: look again at least every half second.
      const timer = setTimeout(done, Math.min(500, Math.max(0, until - Date.now())))
      sagaProgress.on(sagaId, done)
    })
  }
}
