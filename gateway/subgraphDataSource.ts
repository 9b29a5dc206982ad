import { AsyncLocalStorage } from 'node:async_hooks'
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types'
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import type { Logger } from '../server-kit/logger'
import { deadlineOfFetch, type FetchDeadline } from './deadlines/fetchDeadline'
import type { FieldDeadlines } from './deadlines/fieldDeadlines'
import type { RequestDeadline } from './deadlines/requestBudget'
import { SUBGRAPH_DEADLINE_HEADER } from '../server-kit/deadlineHeaders'
import { deadlineExceeded, fetchesCancelled } from './deadlines/deadlineMetrics'
import { timedFetch } from './fetchMetrics'
import type { Identity } from '../server-kit/auth/identity'
import { GATEWAY_ASSERTION_HEADER, signGatewayAssertion } from '../server-kit/auth/gatewayAssertion'

/** What the gateway puts in each operation's context for its data sources. */
export interface GatewayContext {
  deadline?: RequestDeadline
  /** The verified caller (null: anonymous), vouched for to every subgraph fetch. */
  identity: Identity | null
  requestId?: string
  /** The client's address (Express's req.ip, see TRUST_PROXY), for the per-address rate limits. */
  clientIp?: string
}

export interface DataSourceOptions {
  serviceName: string
  url: string
  logger: Logger
  /** Field deadlines from the supergraph; undefined turns per-fetch deadlines off. */
  fieldDeadlines?: FieldDeadlines
  /** Bound for a fetch when no request deadline applies (health checks, deadlines off). */
  fallbackTimeoutMs: number
  /** Key of the assertions that tell subgraphs a request comes from the gateway, and for whom. */
  authKey: Uint8Array
}

// sendRequest gives the fetcher no AbortSignal; the fetch in progress's signal and time limit
// travel to it here.
const fetchInProgress = new AsyncLocalStorage<{ signal: AbortSignal; limitMs: number }>()

/**
 * How the gateway calls one subgraph. Every fetch gets a signal that fires at
 * min(remaining request budget, tightest @deadline among the fields it resolves), or when the
 * client leaves. A fetch that is aborted or cannot reach its subgraph costs only its own fields:
 * we *return* the error rather than throw it, so the gateway keeps our code and message, adds
 * serviceName, maps the path to the client's, and completes the rest of the plan.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(private readonly options: DataSourceOptions) {
    super({ url: options.url })
    this.fetcher = (input, init) => {
      const current = fetchInProgress.getStore()
      if (!current) return boundedFetch(input, init as RequestInit, options.fallbackTimeoutMs) as never
      const headers = { ...(init?.headers as Record<string, string>), [SUBGRAPH_DEADLINE_HEADER]: String(current.limitMs) }
      return fetch(input, { ...init, headers, signal: current.signal } as RequestInit) as never
    }
  }

  /** Every fetch carries a fresh assertion addressed to this subgraph, for the request's caller. */
  override async willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]): Promise<void> {
    request.http!.headers.set(GATEWAY_ASSERTION_HEADER, await signGatewayAssertion(this.options.authKey, this.options.serviceName, context?.identity ?? null, context?.requestId))
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    return timedFetch(this.options.serviceName, () => this.processWithinDeadline(options))
  }

  private async processWithinDeadline(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const request = options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION ? options.context.deadline : undefined
    if (!request) return this.send(options)
    const field = options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION && options.document && this.options.fieldDeadlines ? deadlineOfFetch(options.document, this.options.fieldDeadlines) : null
    // A field's @deadline counts from the start of the client's request, like the budget: the
    // view must be back on time however long the fetches before this one took.
    const remaining = request.remainingMs()
    const fieldRemaining = field?.ms != null ? field.ms - request.elapsedMs() : Infinity
    const limitMs = Math.floor(Math.min(remaining, fieldRemaining))
    const byField = fieldRemaining <= remaining
    if (request.signal.aborted || limitMs <= 0) return this.abortedResponse(request, field, byField, limitMs, 0)

    const controller = new AbortController()
    const started = performance.now()
    const timer = setTimeout(() => controller.abort('deadline'), limitMs)
    const onRequestAbort = () => controller.abort(request.cause)
    request.signal.addEventListener('abort', onRequestAbort, { once: true })
    try {
      const response = await fetchInProgress.run({ signal: controller.signal, limitMs }, () => this.send(options))
      if (controller.signal.aborted) return this.abortedResponse(request, field, byField, limitMs, performance.now() - started)
      return response
    } finally {
      clearTimeout(timer)
      request.signal.removeEventListener('abort', onRequestAbort)
    }
  }

  /** The plain call, with unreachable subgraphs turned into an error result. */
  private async send(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options)
    } catch (error) {
      if (fetchInProgress.getStore()?.signal.aborted) return { errors: [] } // the caller reports the abort
      const reason = describeFailure(error)
      this.options.logger.warn({ subgraph: this.options.serviceName, reason }, 'subgraph request failed')
      return {
        errors: [
          {
            message: `The ${this.options.serviceName} service is unavailable (${reason}); its fields are missing from this response.`,
            extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: this.options.serviceName },
          },
        ],
      }
    }
  }

  private abortedResponse(request: RequestDeadline, field: FetchDeadline | null, byField: boolean, limitMs: number, fetchElapsedMs: number): GatewayGraphQLResponse {
    const subgraph = this.options.serviceName
    if (request.cause === 'client-closed') {
      fetchesCancelled.inc({ subgraph })
      this.options.logger.info({ subgraph, elapsedMs: Math.round(request.elapsedMs()) }, 'client closed the connection; subgraph fetch aborted')
      return { errors: [{ message: 'The client closed the connection.', extensions: { code: 'CLIENT_CLOSED_REQUEST' } }] }
    }
    const reason = byField ? 'field-deadline' : 'request-budget'
    const details = {
      subgraph,
      path: field?.path,
      field: byField ? field!.field! : undefined,
      deadlineMs: byField ? field!.ms : request.budgetMs,
      fetchLimitMs: limitMs,
      budgetMs: request.budgetMs,
      elapsedMs: Math.round(request.elapsedMs()),
      fetchElapsedMs: Math.round(fetchElapsedMs),
      reason,
    }
    deadlineExceeded.inc({ subgraph, field: details.field ?? '-', reason })
    this.options.logger.warn(details, 'deadline exceeded')
    const message = byField
      ? `The ${subgraph} service did not answer within the ${field!.ms} ms @deadline of ${field!.field}; its fields are null.`
      : `The request's ${request.budgetMs} ms budget ran out before the ${subgraph} service answered; its fields are null.`
    return {
      errors: [
        {
          message,
          ...(field ? { path: field.path } : {}),
          extensions: { code: 'DEADLINE_EXCEEDED', serviceName: subgraph, deadlineMs: byField ? field!.ms! : request.budgetMs, reason, ...(details.field ? { field: details.field } : {}) },
        },
      ],
    }
  }
}

/** A fetch with an upper bound whose timer is cleared as soon as the response arrives. */
async function boundedFetch(input: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new DOMException('subgraph timeout', 'TimeoutError')), timeoutMs)
  try {
    return await fetch(input, { ...init, signal: controller.signal })
  } finally {
    clearTimeout(timer)
  }
}

function describeFailure(error: unknown): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string }; extensions?: { response?: { status?: number } } }
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'timed out'
  if (err?.cause?.code) return err.cause.code
  const status = err?.extensions?.response?.status
  if (status) return `HTTP ${status}`
  return err?.message ?? 'unknown error'
}
