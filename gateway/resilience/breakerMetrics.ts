import { Counter, Gauge } from 'prom-client'
import { metrics } from '../../platform/metrics/registry'

/** Gauge values of gateway_circuit_breaker_state, ordered so that a higher value is worse. */
export const BREAKER_STATE_VALUE = { closed: 0, half_open: 1, open: 2 } as const
export type BreakerStateName = keyof typeof BREAKER_STATE_VALUE

export const breakerState = new Gauge({
  name: 'gateway_circuit_breaker_state',
  help: 'Circuit breaker of each subgraph at the gateway: 0 closed (calls flow), 1 half-open (one probe call in flight), 2 open (calls fail fast).',
  labelNames: ['subgraph'] as const,
  registers: [metrics],
})

export const breakerTransitions = new Counter({
  name: 'gateway_circuit_breaker_transitions_total',
  help: 'Circuit breaker state changes per subgraph, by the state entered (closed, half_open, open).',
  labelNames: ['subgraph', 'to'] as const,
  registers: [metrics],
})

export const fastFailures = new Counter({
  name: 'gateway_subgraph_fast_failures_total',
  help: "Subgraph fetches answered SERVICE_UNAVAILABLE at once because the subgraph's circuit breaker was open.",
  labelNames: ['subgraph'] as const,
  registers: [metrics],
})

/**
 * Outcomes: succeeded / failed (a retry was made and answered / failed again), budget_exhausted
 * (a retry was due but the subgraph's retry budget was spent), no_time_left (the fetch's deadline
 * would not leave the retry a fair chance).
 */
export const retries = new Counter({
  name: 'gateway_subgraph_retries_total',
  help: 'Retries of failed idempotent subgraph fetches, by outcome (succeeded, failed, budget_exhausted, no_time_left).',
  labelNames: ['subgraph', 'outcome'] as const,
  registers: [metrics],
})
