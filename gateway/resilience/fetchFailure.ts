import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'

/**
 * What went wrong with one subgraph fetch, and what that means for its circuit breaker and for a
 * retry. Pure: the data source classifies, the breaker and the retry policy act on the verdict.
 */
export type FetchFailure =
  /** No HTTP exchange completed: refused, reset, DNS, socket closed mid-response. */
  | { kind: 'connection'; code: string }
  /** The subgraph answered with a non-2xx status (GraphQL errors in a 200 are not failures). */
  | { kind: 'http'; status: number }
  /** The subgraph did not answer in the time it was given. */
  | { kind: 'timeout' }
  /**
   * The subgraph refused the request before doing any work on it: it is at its adaptive
   * concurrency limit (503 SERVICE_OVERLOADED, platform/overload/). Healthy, protecting itself.
   */
  | { kind: 'overloaded'; retryAfterSeconds: number }
  /** Anything else (e.g. a body that is not JSON). */
  | { kind: 'other'; message: string }

/** Connection errors after which the same request may well succeed (a restarting process, another replica). */
const TRANSIENT_CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'])
/** Statuses that say "not now" (a proxy or the subgraph itself shedding load), unlike a 500 that will fail again. */
const TRANSIENT_STATUSES = new Set([502, 503, 504])

/** Reads the error undici (its request API) or postToSubgraph (subgraphRequest.ts) threw. */
export function failureOfThrown(error: unknown): FetchFailure {
  const err = error as
    | {
        name?: string
        message?: string
        code?: unknown
        errors?: { code?: string }[]
        cause?: { code?: string; errors?: { code?: string }[] }
        extensions?: { response?: { status?: number; body?: unknown } }
      }
    | undefined
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return { kind: 'timeout' }
  // undici's request API throws the socket error itself, fetch wraps it as the cause; a host name
  // with several addresses fails with an AggregateError whose parts carry the code.
  const code =
    (typeof err?.code === 'string' ? err.code : undefined) ??
    err?.errors?.[0]?.code ??
    err?.cause?.code ??
    err?.cause?.errors?.[0]?.code
  if (code) return { kind: 'connection', code }
  const status = err?.extensions?.response?.status
  const overloaded = status === 503 ? overloadRefusal(err?.extensions?.response?.body) : undefined
  if (overloaded) return overloaded
  if (typeof status === 'number') return { kind: 'http', status }
  return { kind: 'other', message: err?.message ?? 'unknown error' }
}

/** A 503 whose GraphQL error says SERVICE_OVERLOADED (postToSubgraph hands over the parsed body). */
function overloadRefusal(body: unknown): FetchFailure | undefined {
  const error = (body as { errors?: { extensions?: { code?: unknown; retryAfterSeconds?: unknown } }[] } | undefined)
    ?.errors?.[0]
  if (error?.extensions?.code !== ErrorCodes.SERVICE_OVERLOADED.code) return undefined
  const retryAfter = error.extensions.retryAfterSeconds
  return { kind: 'overloaded', retryAfterSeconds: typeof retryAfter === 'number' && retryAfter > 0 ? retryAfter : 1 }
}

/** Short reason for logs and the client's message, e.g. "ECONNREFUSED", "HTTP 502". */
export function describeFailure(failure: FetchFailure): string {
  switch (failure.kind) {
    case 'connection':
      return failure.code
    case 'http':
      return `HTTP ${failure.status}`
    case 'timeout':
      return 'timed out'
    case 'overloaded':
      return 'overloaded'
    case 'other':
      return failure.message
  }
}

/**
 * Whether the failure is the subgraph's fault and so counts towards opening its breaker:
 * unreachable, 5xx, or too slow. A 4xx means the subgraph is up and refused *this* request; an
 * overload refusal means it is up and shedding — opening the breaker on it would turn away the
 * requests it still had room for.
 */
export function countsAgainstSubgraph(failure: FetchFailure): boolean {
  return (
    failure.kind === 'connection' || failure.kind === 'timeout' || (failure.kind === 'http' && failure.status >= 500)
  )
}

/**
 * Whether repeating the request could help. Timeouts are not retried: the time is already spent,
 * and a slow subgraph asked twice is slower still. Nor are overload refusals: a retry is exactly
 * the extra load being shed (the client is told when to come back instead).
 */
export function isTransient(failure: FetchFailure): boolean {
  if (failure.kind === 'connection') return TRANSIENT_CONNECTION_CODES.has(failure.code)
  return failure.kind === 'http' && TRANSIENT_STATUSES.has(failure.status)
}

/** Why a fetch's signal fired: the request's budget or a field @deadline ran out, or the client left. */
export type AbortCause = 'deadline' | 'client-closed'

/**
 * Whether an aborted fetch counts as the subgraph timing out. A client that leaves says nothing
 * about the subgraph. A deadline does only when the subgraph had a fair chance: at least
 * `minFetchMs` to answer. A field's @deadline is the subgraph's own promise (it declares it in its
 * schema), so missing it counts; but a fetch that started with 80 ms left because the client asked
 * for a 100 ms budget, or because earlier fetches used the rest, is no sign of trouble.
 */
export function abortCountsAgainstSubgraph(cause: AbortCause, givenMs: number, minFetchMs: number): boolean {
  return cause === 'deadline' && givenMs >= minFetchMs
}
