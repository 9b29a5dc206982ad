import { STATUS_CODES } from 'node:http'
import { Pool } from 'undici'

/**
 * Most sockets the gateway opens to one subgraph (HTTP/1.1, one request at a time on each); more
 * concurrent fetches queue for a free socket rather than open ever more connections under a surge.
 */
const CONNECTIONS_PER_SUBGRAPH = 64
/** An idle socket stays open this long for the next fetch (the subgraphs' own keep-alive is longer). */
const KEEP_ALIVE_MS = 30_000

/** What the gateway reads of a fetch response (subgraphRequest.ts). */
export interface SubgraphResponse {
  ok: boolean
  status: number
  statusText: string
  url: string
  headers: { get(name: string): string | null }
  json(): Promise<unknown>
  text(): Promise<string>
}

export interface SubgraphRequestInit {
  method?: string
  headers?: Record<string, string>
  body?: string
  signal?: AbortSignal
}

/**
 * The gateway's HTTP client for one subgraph: a keep-alive pool of undici connections used through
 * undici's `request`, not `fetch`. The two share the same HTTP engine, but fetch wraps every
 * exchange in WHATWG Request/Response/Headers objects and web streams, which cost more gateway CPU
 * per subgraph call than the JSON the call carries (profiled under the full-view benchmark). An
 * aborted signal rejects with its reason, as fetch does.
 */
export function subgraphHttpClient(subgraphUrl: string): {
  fetch(url: string, init: SubgraphRequestInit): Promise<SubgraphResponse>
  close(): Promise<void>
} {
  const base = new URL(subgraphUrl)
  const pool = new Pool(base.origin, {
    connections: CONNECTIONS_PER_SUBGRAPH,
    keepAliveTimeout: KEEP_ALIVE_MS,
    pipelining: 1,
  })
  const basePath = base.pathname + base.search
  // Every fetch goes to the subgraph's own URL: parsed once, not per call.
  const pathOf = (url: string) => {
    if (url === subgraphUrl) return basePath
    const target = new URL(url)
    return target.pathname + target.search
  }
  return {
    async fetch(url, init) {
      const response = await pool.request({
        path: pathOf(url),
        method: (init.method ?? 'GET') as 'GET',
        headers: init.headers,
        body: init.body,
        signal: init.signal,
      })
      const headers = response.headers
      return {
        ok: response.statusCode >= 200 && response.statusCode < 300,
        status: response.statusCode,
        statusText: STATUS_CODES[response.statusCode] ?? '',
        url,
        headers: { get: (name) => headerValue(headers[name.toLowerCase()]) },
        json: () => response.body.json(),
        text: () => response.body.text(),
      }
    },
    close: () => pool.close(),
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null
  return Array.isArray(value) ? value.join(', ') : value
}
