import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import type { Logger } from '../platform/logging/logger'
import { deadlineOfFetch, type FetchDeadline } from './deadlines/fetchDeadline'
import type { FieldDeadlines } from './deadlines/fieldDeadlines'
import type { RequestDeadline } from './deadlines/requestBudget'
import { SUBGRAPH_DEADLINE_HEADER } from '../contracts/deadlineHeader'
import { deadlineExceeded, fetchesCancelled } from './deadlines/deadlineMetrics'
import { timedFetch } from './fetchMetrics'
import type { Identity } from '../contracts/identity'
import { GATEWAY_ASSERTION_HEADER } from '../contracts/gatewayAssertion'
import { REQUEST_ID_HEADER } from '../contracts/requestId'
import type { AssertionSigner } from './auth/assertionSigner'
import { currentTraceCarrier } from '../platform/telemetry/traceContext'
import type { AttemptOutcome, FetchOutcome, SubgraphResilience } from './resilience/subgraphResilience'
import { describeFailure, failureOfThrown } from './resilience/fetchFailure'
import { isIdempotentFetch } from './resilience/fetchIdempotency'
import { EntityFetchBatcher } from './fetchBatching/entityFetchBatcher'
import { subgraphHttpClient } from './subgraphHttpClient'
import { postToSubgraph, type CachePolicy } from './subgraphRequest'
import {
  clientClosedResponse,
  deadlineExceededResponse,
  overloadedResponse,
  unavailableResponse,
} from './fetchRefusals'

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
  /** The assertions that tell subgraphs a request comes from the gateway, and for whom. */
  assertions: AssertionSigner
  /** The subgraph's circuit breaker and retries, shared with its other data sources. */
  resilience: SubgraphResilience
  /** Sees the extensions of every answer before the gateway uses it (users' grants changes). */
  onExtensions?: (extensions: Record<string, unknown>) => void
}

/**
 * How the gateway calls one subgraph. Every fetch gets a signal that fires at
 * min(remaining request budget, tightest @deadline among the fields it resolves), or when the
 * client leaves. A fetch that is aborted or cannot reach its subgraph costs only its own fields:
 * we *return* the error rather than throw it, so the gateway keeps our code and message, adds
 * serviceName, maps the path to the client's, and completes the rest of the plan. Every attempt
 * goes through the subgraph's circuit breaker, which fails it at once while the subgraph is down,
 * and transient failures of queries are retried within the fetch's deadline.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(private readonly options: DataSourceOptions) {
    this.batcher = new EntityFetchBatcher(options.serviceName, (fetch, bound) => this.send(fetch, bound))
    this.http = subgraphHttpClient(options.url)
    this.closeConnections = this.http.close
  }

  private readonly http: ReturnType<typeof subgraphHttpClient>

  /** Sibling entity fetches of one client request, sent as one (fetchBatching/). */
  private readonly batcher: EntityFetchBatcher<GraphQLDataSourceProcessOptions<GatewayContext>>

  /** Closes the keep-alive connections to the subgraph (the gateway's shutdown). */
  readonly closeConnections: () => Promise<void>

  /**
   * One HTTP request to the subgraph. It carries an assertion addressed to this subgraph for the
   * request's caller, the request's id, the trace, and — within a deadline — the time left
   * (x-deadline-ms); without one it is bounded by the fallback timeout.
   */
  private async send(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
    bound?: { signal: AbortSignal; limitMs: number },
  ): Promise<GatewayGraphQLResponse> {
    const { context } = options
    const headers: Record<string, string> = {
      [GATEWAY_ASSERTION_HEADER]: await this.options.assertions(this.options.serviceName, context?.identity ?? null),
    }
    if (context?.requestId) headers[REQUEST_ID_HEADER] = context.requestId
    // fetch (undici) is not instrumented: the trace goes on by hand, as the child of the gateway's fetch span.
    Object.assign(headers, currentTraceCarrier())
    const cachePolicy = isIncomingOperation(options) ? cachePolicyOf(options.incomingRequestContext) : undefined
    const post = (signal: AbortSignal) =>
      postToSubgraph(this.http.fetch, this.options.url, options.request, headers, signal, cachePolicy)
    if (bound) {
      headers[SUBGRAPH_DEADLINE_HEADER] = String(bound.limitMs)
      return post(bound.signal)
    }
    const controller = new AbortController()
    const timer = setTimeout(
      () => controller.abort(new DOMException('subgraph timeout', 'TimeoutError')),
      this.options.fallbackTimeoutMs,
    )
    try {
      return await post(controller.signal)
    } finally {
      clearTimeout(timer)
    }
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    return timedFetch(this.options.serviceName, () => this.processWithinDeadline(options))
  }

  private async processWithinDeadline(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    const request = isIncomingOperation(options) ? options.context.deadline : undefined
    const idempotent = isIdempotentFetch(
      isIncomingOperation(options) ? options.document : undefined,
      options.request.query,
    )
    if (!request) {
      // Subscription follow-up fetches (and every fetch with deadlines off): each attempt is bounded
      // by the fallback timeout.
      const started = performance.now()
      const outcome = await this.options.resilience.fetch(() => this.attempt(options), {
        idempotent,
        remainingMs: () => this.options.fallbackTimeoutMs - (performance.now() - started),
      })
      return this.responseOf(outcome)
    }
    const field =
      isIncomingOperation(options) && options.document && this.options.fieldDeadlines
        ? deadlineOfFetch(options.document, this.options.fieldDeadlines)
        : null
    // A field's @deadline counts from the start of the client's request, like the budget: the
    // view must be back on time however long the fetches before this one took.
    const fieldRemainingMs = () => (field?.ms != null ? field.ms - request.elapsedMs() : Infinity)
    const remainingMs = () => Math.min(request.remainingMs(), fieldRemainingMs())
    const limitMs = Math.floor(remainingMs())
    const byField = fieldRemainingMs() <= request.remainingMs()
    if (request.signal.aborted || limitMs <= 0) return this.abortedResponse(request, field, byField, limitMs, 0)

    const controller = new AbortController()
    const started = performance.now()
    const timer = setTimeout(() => controller.abort('deadline'), limitMs)
    const onRequestAbort = () => controller.abort(request.cause)
    request.signal.addEventListener('abort', onRequestAbort, { once: true })
    try {
      const bound = {
        signal: controller.signal,
        remainingMs,
        cause: () => (request.cause === 'client-closed' ? ('client-closed' as const) : ('deadline' as const)),
      }
      const outcome = await this.options.resilience.fetch(() => this.attempt(options, bound), {
        idempotent,
        signal: controller.signal,
        remainingMs,
      })
      if (controller.signal.aborted || outcome.kind === 'aborted' || outcome.kind === 'gave-up')
        return this.abortedResponse(request, field, byField, limitMs, performance.now() - started)
      return this.responseOf(outcome)
    } finally {
      clearTimeout(timer)
      request.signal.removeEventListener('abort', onRequestAbort)
    }
  }

  /**
   * One call of the subgraph. Within a deadline, each attempt tells the subgraph the time left
   * now (x-deadline-ms), not what the first attempt had.
   */
  private async attempt(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
    bound?: FetchBound,
  ): Promise<AttemptOutcome<GatewayGraphQLResponse>> {
    if (!bound) return this.batcher.fetch(options.context, options).then(answered, failed)
    const givenMs = Math.floor(bound.remainingMs())
    if (bound.signal.aborted || givenMs <= 0)
      return { kind: 'aborted', cause: bound.cause(), givenMs: Math.max(givenMs, 0) }
    try {
      return answered(await this.batcher.fetch(options.context, options, { signal: bound.signal, limitMs: givenMs }))
    } catch (error) {
      return bound.signal.aborted ? { kind: 'aborted', cause: bound.cause(), givenMs } : failed(error)
    }
  }

  /** The response for the fetch's end; an abort is answered by the caller, which knows which deadline fired. */
  private responseOf(outcome: FetchOutcome<GatewayGraphQLResponse>): GatewayGraphQLResponse {
    const subgraph = this.options.serviceName
    switch (outcome.kind) {
      case 'answered':
        if (outcome.response.extensions) this.options.onExtensions?.(outcome.response.extensions)
        return outcome.response
      case 'fast-failed':
        return unavailableResponse(subgraph, 'failing fast: its circuit breaker is open after repeated failures', {
          reason: 'circuit-open',
        })
      case 'failed': {
        if (outcome.failure.kind === 'overloaded')
          return overloadedResponse(subgraph, outcome.failure.retryAfterSeconds)
        const reason = describeFailure(outcome.failure)
        this.options.logger.warn({ subgraph, reason }, 'subgraph request failed')
        return unavailableResponse(subgraph, reason)
      }
      case 'aborted':
      case 'gave-up':
        return unavailableResponse(subgraph, 'aborted')
    }
  }

  private abortedResponse(
    request: RequestDeadline,
    field: FetchDeadline | null,
    byField: boolean,
    limitMs: number,
    fetchElapsedMs: number,
  ): GatewayGraphQLResponse {
    const subgraph = this.options.serviceName
    if (request.cause === 'client-closed') {
      fetchesCancelled.inc({ subgraph })
      this.options.logger.info(
        { subgraph, elapsedMs: Math.round(request.elapsedMs()) },
        'client closed the connection; subgraph fetch aborted',
      )
      return clientClosedResponse()
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
    return deadlineExceededResponse({ subgraph, fetch: field, byField, budgetMs: request.budgetMs })
  }
}

/** The deadline one fetch's attempts share. */
interface FetchBound {
  signal: AbortSignal
  remainingMs(): number
  cause(): 'deadline' | 'client-closed'
}

const answered = (response: GatewayGraphQLResponse): AttemptOutcome<GatewayGraphQLResponse> => ({
  kind: 'answered',
  response,
})
const failed = (error: unknown): AttemptOutcome<GatewayGraphQLResponse> => ({
  kind: 'failed',
  failure: failureOfThrown(error),
})

/**
 * A fetch for a client's operation, not a health check or a schema load. Told apart by shape:
 * @apollo/gateway exports the options' type but not the enum of its `kind`.
 */
function isIncomingOperation(
  options: GraphQLDataSourceProcessOptions<GatewayContext>,
): options is Extract<GraphQLDataSourceProcessOptions<GatewayContext>, { incomingRequestContext: unknown }> {
  return 'incomingRequestContext' in options
}

/** Apollo Server's cache policy of the client's request, when it has one a fetch can restrict. */
function cachePolicyOf(requestContext: { overallCachePolicy?: unknown }): CachePolicy | undefined {
  const policy = requestContext.overallCachePolicy as Partial<CachePolicy> | undefined
  return typeof policy?.restrict === 'function' ? (policy as CachePolicy) : undefined
}
