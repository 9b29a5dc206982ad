import { Counter, Histogram } from 'prom-client'
import { metrics } from '../../../platform/metrics/registry'
import type { EnrollmentSagaState } from '../generated/prisma/client'
import { isTerminal } from './sagaTransitions'

/** A saga's committed move, as the orchestrator announces it. */
export interface SagaMove {
  sagaId: string
  state: EnrollmentSagaState
  failureCode: string | null
  startedAt: Date
}

/**
 * Seconds from the enrollPatient that started an attempt to its end, by outcome: a slow
 * participant or a backed-up topic shows as a tail here before any enrollment times out. Buckets
 * span a saga that ends in tens of milliseconds to one that waited out a step deadline.
 */
const sagaCompletion = new Histogram({
  name: 'patients_enrollment_saga_seconds',
  help: 'Seconds from the start of an enrollment attempt to its end (ENROLLED, or FAILED once compensated), by outcome.',
  labelNames: ['outcome'] as const,
  buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  registers: [metrics],
})

/** Finished attempts by outcome and failure code (the registry's codes: bounded, never ids). */
const sagaOutcomes = new Counter({
  name: 'patients_enrollment_saga_outcomes_total',
  help: 'Finished enrollment attempts by outcome (ENROLLED, FAILED) and failure code ("none" when enrolled).',
  labelNames: ['outcome', 'code'] as const,
  registers: [metrics],
})

/** Counts a move that ended its saga (after its commit; a move that changed nothing never comes here). */
export function noteSagaMoved(move: SagaMove, now = Date.now()): void {
  if (!isTerminal(move.state)) return
  sagaCompletion.observe({ outcome: move.state }, Math.max(0, now - move.startedAt.getTime()) / 1000)
  sagaOutcomes.inc({ outcome: move.state, code: move.failureCode ?? 'none' })
}
