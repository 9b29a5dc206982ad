/**
 * The exporter reads through the gateway like any client (never another context's tables): one
 * GraphQL request at a time, as the signed-in user, waiting out rate-limit refusals (HTTP 429 with
 * Retry-After) and refusing to continue on any error — an export with a silently missing part is
 * worse than none.
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
  ) {
    super(message)
  }
}

export interface SupergraphClient {
  query<T>(query: string, variables: Record<string, unknown>): Promise<T>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function supergraphClient(gatewayUrl: string, accessToken: () => Promise<string> | string): SupergraphClient {
  return {
    async query<T>(query: string, variables: Record<string, unknown>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
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
        const body = (await response.json().catch(() => null)) as { data?: T; errors?: GraphQLError[] } | null
        if (!body || body.errors?.length || !body.data) {
          const errors = body?.errors ?? []
          const detail = errors.map(
            (e) => `${e.extensions?.code ?? 'ERROR'} at ${e.path?.join('.') ?? '(request)'}: ${e.message}`,
          )
          throw new ExportReadError(
            `The supergraph did not answer completely (HTTP ${response.status}): ${detail.join('; ') || 'no data'}`,
            errors,
          )
        }
        return body.data
      }
    },
  }
}
