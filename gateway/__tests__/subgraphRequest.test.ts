import { cacheHintOf, postToSubgraph } from '../subgraphRequest'
import type { SubgraphRequestInit, SubgraphResponse } from '../subgraphHttpClient'
import { failureOfThrown } from '../resilience/fetchFailure'

// One subgraph request without RemoteGraphQLDataSource: what goes out, and how each answer is read.

function answer(status: number, body: string, headers: Record<string, string> = {}): SubgraphResponse {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: status === 200 ? 'OK' : 'Service Unavailable',
    url: 'http://labs/graphql',
    headers: { get: (name) => lower[name.toLowerCase()] ?? null },
    json: () => Promise.resolve(JSON.parse(body) as unknown),
    text: () => Promise.resolve(body),
  }
}

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' }

function fakeFetch(response: SubgraphResponse) {
  const calls: { url: string; init: SubgraphRequestInit }[] = []
  const fetch = (url: string, init: SubgraphRequestInit) => {
    calls.push({ url, init })
    return Promise.resolve(response)
  }
  return { fetch, calls }
}

const request = { query: 'query Q($id: ID!) { a(id: $id) }', variables: { id: '1' }, operationName: 'Q' }

describe('postToSubgraph', () => {
  it('posts the request as JSON with the given headers and signal, and returns the answer', async () => {
    const { fetch, calls } = fakeFetch(answer(200, '{"data":{"a":1}}', JSON_TYPE))
    const signal = new AbortController().signal
    const result = await postToSubgraph(fetch, 'http://labs/graphql', request, { 'x-a': '1' }, signal, undefined)
    expect(result).toEqual({ data: { a: 1 } })
    expect(calls).toHaveLength(1)
    const [{ url, init }] = calls as [{ url: string; init: SubgraphRequestInit }]
    expect(url).toBe('http://labs/graphql')
    expect(init.method).toBe('POST')
    expect(init.signal).toBe(signal)
    expect(init.headers).toEqual({ 'x-a': '1', 'content-type': 'application/json' })
    expect(JSON.parse(init.body!)).toEqual(request)
  })

  it('sends the headers a caller put on the request too, without the http part in the body', async () => {
    const { fetch, calls } = fakeFetch(answer(200, '{"data":null}', JSON_TYPE))
    const http = { method: 'POST', url: '', headers: new Map([['Apollo-Federation-Include-Trace', 'ftv1']]) }
    await postToSubgraph(fetch, 'u', { ...request, http } as never, {}, undefined, undefined)
    expect(calls[0]!.init.headers).toMatchObject({ 'apollo-federation-include-trace': 'ftv1' })
    expect(JSON.parse(calls[0]!.init.body!)).not.toHaveProperty('http')
  })

  it('throws, for a non-2xx answer, the error the breaker reads: status and parsed body', async () => {
    const body = { errors: [{ message: 'busy', extensions: { code: 'SERVICE_OVERLOADED', retryAfterSeconds: 3 } }] }
    const { fetch } = fakeFetch(answer(503, JSON.stringify(body), JSON_TYPE))
    const error = await postToSubgraph(fetch, 'u', request, {}, undefined, undefined).catch((e: unknown) => e)
    expect(error).toMatchObject({
      message: '503: Service Unavailable',
      extensions: { response: { status: 503, body } },
    })
    expect(failureOfThrown(error)).toEqual({ kind: 'overloaded', retryAfterSeconds: 3 })
  })

  it('reads a non-2xx answer whose body is not JSON as its status', async () => {
    const { fetch } = fakeFetch(answer(502, '<html>bad gateway</html>', { 'content-type': 'text/html' }))
    const error = await postToSubgraph(fetch, 'u', request, {}, undefined, undefined).catch((e: unknown) => e)
    expect(failureOfThrown(error)).toEqual({ kind: 'http', status: 502 })
  })

  it('names 401 and 403 answers', async () => {
    for (const [status, code] of [
      [401, 'UNAUTHENTICATED'],
      [403, 'FORBIDDEN'],
    ] as const) {
      const { fetch } = fakeFetch(answer(status, '{}', JSON_TYPE))
      await expect(postToSubgraph(fetch, 'u', request, {}, undefined, undefined)).rejects.toMatchObject({
        extensions: { code },
      })
    }
  })

  it('refuses a 200 whose body is not a JSON object', async () => {
    const { fetch } = fakeFetch(answer(200, 'hello', { 'content-type': 'text/plain' }))
    await expect(postToSubgraph(fetch, 'u', request, {}, undefined, undefined)).rejects.toThrow(
      'Expected JSON response body, but received: hello',
    )
  })

  it('refuses a request without a query', async () => {
    const { fetch, calls } = fakeFetch(answer(200, '{}', JSON_TYPE))
    await expect(postToSubgraph(fetch, 'u', { variables: {} }, {}, undefined, undefined)).rejects.toThrow(
      'Missing query',
    )
    expect(calls).toHaveLength(0)
  })

  it("restricts the client response's cache policy by the answer's Cache-Control", async () => {
    const hints: unknown[] = []
    const policy = { restrict: (hint: unknown) => hints.push(hint) }
    for (const header of [undefined, 'max-age=60, private']) {
      const { fetch } = fakeFetch(
        answer(200, '{"data":{}}', { ...JSON_TYPE, ...(header ? { 'cache-control': header } : {}) }),
      )
      await postToSubgraph(fetch, 'u', request, {}, undefined, policy)
    }
    expect(hints).toEqual([{ maxAge: 0 }, { maxAge: 60, scope: 'PRIVATE' }])
  })
})

describe('cacheHintOf', () => {
  it.each<[string | null, ReturnType<typeof cacheHintOf>]>([
    [null, { maxAge: 0 }],
    ['no-store', { maxAge: 0 }],
    ['max-age=30', { maxAge: 30 }],
    ['public, max-age=5', { maxAge: 5, scope: 'PUBLIC' }],
    ['max-age=abc', { maxAge: 0 }],
  ])('%p', (header, hint) => {
    expect(cacheHintOf(header)).toEqual(hint)
  })
})
