import { ErrorCodes } from '../../../contracts/errors/commonErrorCodes'
/**
 * The exporter reads through the gateway like any client (never another context's tables): one
 * GraphQL request at a time, as the signed-in user, waiting out rate-limit refusals (HTTP 429 with
 * Retry-After), asking again a few times when a context was down or late, and refusing to continue
 * on any other error or one that persists — an export with a silently missing part is worse than none.
 */
export interface GraphQLError {
  message: string
  path?: (string | number)[]
  extensions?: { code?: string }
}

export class ExportReadError extends Error {
  constructor(
    message: string,
    readonly errors: GraphQLError[] = [],
    /** The gateway or a context was down or late every time it was asked: a later run may succeed. */
    readonly transient = false,
  ) {
    super(message)
  }
}

export interface SupergraphClient {
  query<T>(query: string, variables: Record<string, unknown>): Promise<T>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// A read is safe to repeat: a context that was briefly down or late (a deadline missed on a busy
// machine, a breaker open for a moment: SERVICE_UNAVAILABLE) is asked again before the export gives up.
const TRANSIENT = new Set<string>([ErrorCodes.DEADLINE_EXCEEDED.code, ErrorCodes.SERVICE_UNAVAILABLE.code])
const RETRY_DELAYS_MS = [500, 1_000, 2_000]
const transient = (errors: GraphQLError[]) =>
  errors.length > 0 && errors.every((e) => TRANSIENT.has(e.extensions?.code ?? ''))

export function supergraphClient(
  gatewayUrl: string,
  accessToken: () => Promise<string> | string,
  options: {
    /**
     * The gateway refused the token (401): e.g. the holder's grants changed, which outdates every
     * token issued before. The caller drops the token it holds; the request is sent once more with
     * a new one.
     */
    onUnauthenticated?: () => void
  } = {},
): SupergraphClient {
  return {
    async query<T>(query: string, variables: Record<string, unknown>): Promise<T> {
      for (let attempt = 1, retries = 0, renewed = false; ; attempt++) {
        const response = await fetch(gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await accessToken()}` },
          body: JSON.stringify({ query, variables }),
        })
        if (response.status === 429 && attempt <= 60) {
          await response.body?.cancel()
          await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000)
          continue
        }
        if (response.status === 401 && options.onUnauthenticated && !renewed) {
          await response.body?.cancel()
          options.onUnauthenticated()
          renewed = true
          continue
        }
        const body = (await response.json().catch(() => null)) as { data?: T; errors?: GraphQLError[] } | null
        if (!body || body.errors?.length || !body.data) {
          const errors = body?.errors ?? []
          // A gateway that is restarting or behind a proxy answering 5xx (no GraphQL body) is passing too.
          const passing = transient(errors) || (!body && response.status >= 500)
          if (passing && retries < RETRY_DELAYS_MS.length) {
            await sleep(RETRY_DELAYS_MS[retries++]!)
            continue
          }
          const detail = errors.map(
            (e) => `${e.extensions?.code ?? 'ERROR'} at ${e.path?.join('.') ?? '(request)'}: ${e.message}`,
          )
          throw new ExportReadError(
            `The supergraph did not answer completely (HTTP ${response.status}${retries ? `, asked ${retries + 1} times` : ''}): ${detail.join('; ') || 'no data'}`,
            errors,
            passing,
          )
        }
        return body.data
      }
    },
  }
}
