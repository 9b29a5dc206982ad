import { Histogram } from 'prom-client'
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import { metrics } from '../platform/metrics/registry'

const fetchDuration = new Histogram({
  name: 'gateway_subgraph_fetch_duration_seconds',
  help: 'Subgraph fetches made by the gateway, by subgraph and outcome (ok, error, deadline, unavailable, cancelled).',
  labelNames: ['subgraph', 'outcome'] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metrics],
})

const OUTCOME_BY_CODE: Record<string, string> = {
  DEADLINE_EXCEEDED: 'deadline',
  SERVICE_UNAVAILABLE: 'unavailable',
  CLIENT_CLOSED_REQUEST: 'cancelled',
}

/** Times one fetch; its outcome comes from the response the data source returns (errors are returned, not thrown). */
export async function timedFetch(
  subgraph: string,
  fetch: () => Promise<GatewayGraphQLResponse>,
): Promise<GatewayGraphQLResponse> {
  const stop = fetchDuration.startTimer({ subgraph })
  const response = await fetch()
  const code = response.errors?.[0]?.extensions?.code
  stop({ outcome: response.errors?.length ? (OUTCOME_BY_CODE[String(code)] ?? 'error') : 'ok' })
  return response
}
