import { Counter } from 'prom-client'
import { metrics } from '../../platform/metrics/registry'

export const fetchesMerged = new Counter({
  name: 'gateway_subgraph_fetches_merged_total',
  help: 'Entity fetches sent merged with others of the same client request to the same subgraph (one HTTP request for several; see gateway/fetchBatching).',
  labelNames: ['subgraph'] as const,
  registers: [metrics],
})
