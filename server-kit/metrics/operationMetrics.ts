import type { ApolloServerPlugin } from '@apollo/server'
import { Counter, Histogram } from 'prom-client'
import { metrics } from './registry'

const operationDuration = new Histogram({
  name: 'graphql_operation_duration_seconds',
  help: 'GraphQL operations served, by service, operation name and outcome (ok, or error when the response carries errors).',
  labelNames: ['service', 'operation', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metrics],
})

const errors = new Counter({
  name: 'graphql_errors_total',
  help: 'Errors in GraphQL responses, by service and error code (extensions.code).',
  labelNames: ['service', 'code'] as const,
  registers: [metrics],
})

/**
 * Operation names come from clients, so a label made of them must stay bounded: the first
 * `max` distinct names are kept, later ones are counted as "other" (a scraper's memory is not
 * the clients' to fill). Codes come from our registry and are bounded already.
 */
export function boundedLabel(max: number): (value: string) => string {
  const seen = new Set<string>()
  return (value) => {
    if (seen.has(value)) return value
    if (seen.size >= max) return 'other'
    seen.add(value)
    return value
  }
}

/** Rate, latency and errors of every operation a server answers (gateway or subgraph). */
export function operationMetricsPlugin<C extends object>(service: string): ApolloServerPlugin<C> {
  const operationLabel = boundedLabel(100)
  return {
    async requestDidStart() {
      const stop = operationDuration.startTimer({ service })
      return {
        async willSendResponse({ operationName, response }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined
          for (const error of result?.errors ?? []) errors.inc({ service, code: String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') })
          stop({ operation: operationLabel(operationName ?? 'anonymous'), outcome: result?.errors?.length ? 'error' : 'ok' })
        },
      }
    },
  }
}
