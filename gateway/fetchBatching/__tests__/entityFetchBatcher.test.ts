import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import { EntityFetchBatcher, type FetchBound } from '../entityFetchBatcher'

// Which fetches go out together, and what each one gets back — a fake subgraph answers.

const entityFetch = (type: string) =>
  `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${type} { name } } }`
const request = (type: string, id: string): { request: GatewayGraphQLRequest } => ({
  request: { query: entityFetch(type), variables: { representations: [{ __typename: type, id }] } },
})
const bound = (limitMs: number): FetchBound & { abort(): void } => {
  const controller = new AbortController()
  return { signal: controller.signal, limitMs, abort: () => controller.abort('deadline') }
}

/** A subgraph that answers every entity with its id as name, for each aliased field, after `delayMs`. */
function fakeSubgraph(delayMs = 0) {
  const sent: { request: GatewayGraphQLRequest; bound?: FetchBound }[] = []
  let answer = (req: GatewayGraphQLRequest): GatewayGraphQLResponse => {
    const variables = req.variables ?? {}
    const names = Object.keys(variables).filter((k) => k.endsWith('representations'))
    const entities = (key: string) => (variables[key] as { id: string }[]).map((r) => ({ name: r.id }))
    return names.length === 1 && names[0] === 'representations'
      ? { data: { _entities: entities('representations') } }
      : { data: Object.fromEntries(names.map((k) => [k.split('_')[0]!, entities(k)])) }
  }
  const send = async (options: { request: GatewayGraphQLRequest }, b?: FetchBound) => {
    sent.push({ request: options.request, bound: b })
    await new Promise((resolve) => setTimeout(resolve, delayMs))
    return answer(options.request)
  }
  return { sent, send, answerWith: (f: typeof answer) => (answer = f) }
}

it("sends one client request's simultaneous entity fetches to a subgraph as one, and gives each its own entities", async () => {
  const subgraph = fakeSubgraph()
  const batcher = new EntityFetchBatcher('users', subgraph.send)
  const context = {}
  const [a, b] = await Promise.all([
    batcher.fetch(context, request('User', 'investigator')),
    batcher.fetch(context, request('User', 'crc')),
  ])
  expect(subgraph.sent).toHaveLength(1)
  expect(a).toEqual({ data: { _entities: [{ name: 'investigator' }] } })
  expect(b).toEqual({ data: { _entities: [{ name: 'crc' }] } })
})

it('never merges the fetches of different client requests, nor fetches that are not entity fetches', async () => {
  const subgraph = fakeSubgraph()
  const batcher = new EntityFetchBatcher('users', subgraph.send)
  const [one, other] = [{}, {}]
  await Promise.all([
    batcher.fetch(one, request('User', 'a')),
    batcher.fetch(other, request('User', 'b')),
    batcher.fetch(one, { request: { query: '{ me { id } }' } }),
  ])
  expect(subgraph.sent.map((s) => s.request.query)).toEqual([
    '{ me { id } }', // not held back
    entityFetch('User'),
    entityFetch('User'),
  ])
})

it('fetches started later than the first one are not held for it (a later plan step sends on its own)', async () => {
  const subgraph = fakeSubgraph()
  const batcher = new EntityFetchBatcher('users', subgraph.send)
  const context = {}
  await batcher.fetch(context, request('User', 'a'))
  await batcher.fetch(context, request('User', 'b'))
  expect(subgraph.sent).toHaveLength(2)
})

it('the merged request has the longest time left, and runs until the last fetch gives up', async () => {
  const subgraph = fakeSubgraph(30)
  const batcher = new EntityFetchBatcher('users', subgraph.send)
  const context = {}
  const [short, long] = [bound(10), bound(500)]
  const shortFetch = batcher.fetch(context, request('User', 'a'), short)
  const longFetch = batcher.fetch(context, request('User', 'b'), long)
  await new Promise((resolve) => setImmediate(resolve))
  expect(subgraph.sent[0]!.bound!.limitMs).toBe(500)
  short.abort() // its own deadline fires: it stops waiting, the other keeps the request
  await expect(shortFetch).rejects.toBe('deadline')
  expect(subgraph.sent[0]!.bound!.signal.aborted).toBe(false)
  expect(await longFetch).toEqual({ data: { _entities: [{ name: 'b' }] } })
})

it('the merged request is aborted once every fetch of it has given up', async () => {
  const subgraph = fakeSubgraph(50)
  const batcher = new EntityFetchBatcher('users', subgraph.send)
  const context = {}
  const bounds = [bound(100), bound(100)]
  const fetches = bounds.map((b, i) => batcher.fetch(context, request('User', String(i)), b).catch((e: unknown) => e))
  await new Promise((resolve) => setImmediate(resolve))
  for (const b of bounds) b.abort()
  expect(subgraph.sent[0]!.bound!.signal.aborted).toBe(true)
  expect(await Promise.all(fetches)).toEqual(['deadline', 'deadline'])
})

it('sends each fetch again on its own when the merged answer has no data, so one failure costs no other fetch its data', async () => {
  const subgraph = fakeSubgraph()
  subgraph.answerWith((req) => {
    const variables = req.variables ?? {}
    if ('b0_representations' in variables) return { data: null, errors: [{ message: 'b0 failed' } as never] }
    const id = (variables.representations as { id: string }[])[0]!.id
    return id === 'bad'
      ? { data: null, errors: [{ message: 'bad' } as never] }
      : { data: { _entities: [{ name: id }] } }
  })
  const batcher = new EntityFetchBatcher('users', subgraph.send)
  const context = {}
  const [bad, good] = await Promise.all([
    batcher.fetch(context, request('User', 'bad')),
    batcher.fetch(context, request('User', 'good')),
  ])
  expect(subgraph.sent).toHaveLength(3)
  expect(bad.errors).toEqual([{ message: 'bad' }])
  expect(good).toEqual({ data: { _entities: [{ name: 'good' }] } })
})

it('a failed merged request fails each of its fetches (their own retries decide what next)', async () => {
  const batcher = new EntityFetchBatcher('users', async () => {
    throw new Error('ECONNREFUSED')
  })
  const context = {}
  const results = await Promise.allSettled([
    batcher.fetch(context, request('User', 'a')),
    batcher.fetch(context, request('User', 'b')),
  ])
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
})
