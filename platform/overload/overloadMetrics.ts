import { Counter } from 'prom-client'
import { metrics, registerScrapeGauges } from '../metrics/registry'
import type { LoadShedder } from './loadShedder'

export const shedRequests = new Counter({
  name: 'load_shed_requests_total',
  help: 'Requests refused with SERVICE_OVERLOADED by the adaptive concurrency limit, by priority (read, write).',
  labelNames: ['priority'] as const,
  registers: [metrics],
})

/** The limit as it adapts, and what is in flight against it. */
export function reportShedderState(shedder: LoadShedder): void {
  registerScrapeGauges([
    [
      'load_shed_limit',
      'The adaptive concurrency limit: requests allowed in flight at once now.',
      () => shedder.state.limit,
    ],
    ['load_shed_in_flight', 'Requests admitted and not yet answered.', () => shedder.state.inFlight],
  ])
}
