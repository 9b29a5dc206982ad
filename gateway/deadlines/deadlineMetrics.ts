import { Counter } from 'prom-client'
import { metrics } from '../../platform/metrics/registry'

/** Deadlines that fired, by subgraph and by the field whose @deadline set the limit ("-" for the request budget). */
export const deadlineExceeded = new Counter({
  name: 'gateway_deadline_exceeded_total',
  help: 'Subgraph fetches aborted because a field @deadline or the request budget passed.',
  labelNames: ['subgraph', 'field', 'reason'] as const,
  registers: [metrics],
})

export const fetchesCancelled = new Counter({
  name: 'gateway_fetch_cancelled_total',
  help: 'Subgraph fetches aborted because the client closed the connection.',
  labelNames: ['subgraph'] as const,
  registers: [metrics],
})
