import type { ApolloServerPlugin } from '@apollo/server'
import { Counter, Histogram } from 'prom-client'
import { metrics } from './registry'
import { requestLogFields } from '../logging/logContext'

const operationDuration = new Histogram({
  name: 'graphql_operation_duration_seconds',
  help: 'GraphQL operations served, by service, operation name and outcome (ok, or error when the response carries errors).',
  labelNames: ['service', 'operation', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metrics],
})

const errorsByCode = new Counter({
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

/** One operation's observation: its name once the operation is picked, its errors once answered. */
export interface OperationObservation {
  resolved(operationName: string | undefined): void
  answered(operationName: string | undefined, errors: readonly { extensions?: Record<string, unknown> }[]): void
}

/**
 * Rate, latency and errors of every operation a server answers (gateway or subgraph). The same
 * facts go to the request's log fields (logging/logContext.ts): the operation name as soon as it
 * is resolved, for every line written while it runs; outcome and error codes for the access line.
 * Starts one observation per operation; the Apollo plugin below and a subgraph's own executor
 * (subgraph-runtime/graphql/cachedOperations.ts) both report through it.
 */
export function operationObserver(service: string): () => OperationObservation {
  const operationLabel = boundedLabel(100)
  return () => {
    const stop = operationDuration.startTimer({ service })
    return {
      resolved(operationName) {
        const fields = requestLogFields()
        if (fields) fields.operation = operationName ?? 'anonymous'
      },
      answered(operationName, errors) {
        const codes = errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'))
        for (const code of codes) errorsByCode.inc({ service, code })
        const outcome = codes.length ? 'error' : 'ok'
        stop({ operation: operationLabel(operationName ?? 'anonymous'), outcome })
        const fields = requestLogFields()
        if (fields) {
          fields.operation ??= operationName ?? 'anonymous'
          fields.outcome = outcome
          if (codes.length) fields.errorCodes = [...new Set(codes)]
        }
      },
    }
  }
}

export function operationMetricsPlugin<C extends object>(service: string): ApolloServerPlugin<C> {
  const observe = operationObserver(service)
  return {
    async requestDidStart() {
      const observation = observe()
      return {
        async didResolveOperation({ operationName }) {
          observation.resolved(operationName ?? undefined)
        },
        async willSendResponse({ operationName, response }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined
          observation.answered(operationName ?? undefined, result?.errors ?? [])
        },
      }
    },
  }
}
