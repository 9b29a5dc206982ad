import WebSocket from 'ws'
import { createClient } from 'graphql-ws'
import { postGraphQL, type GraphQLResponse } from '../test/support/graphqlClient'
import { startServiceProcess, type ServiceProcess } from '../scripts/run/serviceProcess'
import { waitUntilReady } from '../scripts/run/readinessWait'
import { DEFAULT_E2E_ACCOUNT, startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'

// Issue 6, item 5: the bad-input list against the real gateway. Each request gets a clear error with
// its code and HTTP status, nothing is executed, and the gateway keeps serving. A second gateway
// in production mode (same subgraphs) refuses introspection and gives no "Did you mean" hints.
// beforeAll starts ten processes (the supergraph and a second gateway): slow on a loaded machine.
jest.setTimeout(300_000)

let supergraph: SupergraphUnderTest
let production: ServiceProcess & { output: string[] }
let productionUrl: string

beforeAll(async () => {
  supergraph = await startSupergraphUnderTest()
  const { env } = supergraph.processes.gateway.spec
  const port = supergraph.sparePorts[0]!
  productionUrl = `http://127.0.0.1:${port}`
  production = startServiceProcess(
    {
      name: 'gateway-production',
      entry: 'gateway/main.ts',
      env: { ...env, PORT: String(port), NODE_ENV: 'production' },
      baseUrl: productionUrl,
    },
    { output: 'capture' },
  )
  await waitUntilReady(production, { stallTimeoutMs: 60_000 })
})
afterAll(async () => {
  await production?.stop()
  await supergraph?.stop()
})

type Body = GraphQLResponse['body']
interface Answer {
  status: number
  body: Body
}

/**
 * As a signed-in user: the limits apply to everyone, and only signed-in callers get past
 * validation. The statuses are those a client accepting application/graphql-response+json sees;
 * under application/json a refusal at parse or validation is a 200 (e2e/graphqlOverHttp.test.ts).
 */
async function send(init: RequestInit, search = ''): Promise<Answer> {
  const headers = {
    accept: 'application/graphql-response+json',
    ...(init.headers as Record<string, string>),
    authorization: `Bearer ${await supergraph.tokenFor(DEFAULT_E2E_ACCOUNT)}`,
  }
  const response = await fetch(`${supergraph.gatewayUrl}${search}`, { ...init, headers })
  return { status: response.status, body: (await response.json()) as Body }
}
/** As a cross-site page can make a browser send it: no Authorization header (no cookies exist here). */
async function sendCrossSite(init: RequestInit, search = ''): Promise<Answer> {
  const response = await fetch(`${supergraph.gatewayUrl}${search}`, init)
  return { status: response.status, body: (await response.json()) as Body }
}
const postBody = (body: string) => send({ method: 'POST', headers: { 'content-type': 'application/json' }, body })
const postQuery = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  postBody(JSON.stringify({ query, variables, operationName }))

/** patient { labResults { patient { ... { id } } } }: a valid operation `levels` fields deep. */
function nested(levels: number): string {
  let opened = ''
  for (let level = 2; level < levels; level += 1) opened += level % 2 === 0 ? 'labResults { ' : 'patient { '
  return `{ patient(id: "5e000000-0000-4000-8000-000000000001") { ${opened}id${' }'.repeat(levels - 2)} } }`
}
const VALID = '{ studies { protocolId } }'

describe('the bad-input list, each answered with its code while the gateway keeps serving', () => {
  it.each<[string, () => Promise<Answer>, number, string, RegExp]>([
    [
      'malformed JSON',
      () => postBody('{"query": "{ studies { id } '),
      400,
      'BAD_REQUEST',
      /^Request body is not valid JSON\.$/,
    ],
    [
      'a 10 MB body',
      () => postQuery(`${VALID} # ${'x'.repeat(10 * 1024 * 1024)}`),
      413,
      'PAYLOAD_TOO_LARGE',
      /^Request body is larger than the limit of \d+ bytes\.$/,
    ],
    ['depth 50', () => postQuery(nested(50)), 400, 'QUERY_TOO_DEEP', /^Query depth limit of 12 exceeded, found 50\.$/],
    [
      '1,000 aliases',
      () => postQuery(`{ patient(id: "x") { ${Array.from({ length: 1000 }, (_, i) => `a${i}: id`).join(' ')} } }`),
      400,
      'TOO_MANY_ALIASES',
      /^Aliases limit of 30 exceeded, found 1000\.$/,
    ],
    [
      '100 root fields',
      () => postQuery(`{ ${'studies { protocolId } '.repeat(100)}}`),
      400,
      'TOO_MANY_ROOT_FIELDS',
      /^Root fields limit of 10 exceeded, found 100\.$/,
    ],
    [
      'a batched array of operations',
      () => postBody(JSON.stringify([{ query: VALID }, { query: VALID }])),
      400,
      'BATCHING_NOT_SUPPORTED',
      /^Batched operations are not supported: .* 2 operations; send one operation per request\.$/,
    ],
    [
      'a variable of the wrong type',
      () => postQuery('query($id: ID!) { patient(id: $id) { id } }', { id: { nested: true } }),
      400,
      'BAD_USER_INPUT',
      /^Variable "\$id" got invalid value/,
    ],
    [
      'an unknown operation name',
      () => postQuery('query Studies { studies { protocolId } }', {}, 'Patients'),
      400,
      'OPERATION_RESOLUTION_FAILURE',
      /^Unknown operation named "Patients"\.$/,
    ],
    [
      'several operations, none named',
      () => postQuery('query A { studies { protocolId } } query B { studies { title } }'),
      400,
      'OPERATION_RESOLUTION_FAILURE',
      /^Must provide operation name if query contains multiple operations\.$/,
    ],
    [
      'a very long token stream (800 kB)',
      () => postQuery(`{ ${'a '.repeat(400_000)}}`),
      400,
      'TOO_MANY_TOKENS',
      /^Token limit of 5000 exceeded: the query was not parsed past token 5000\.$/,
    ],
    [
      'a CSRF-style GET (no preflight header)',
      () => sendCrossSite({ method: 'GET' }, `?query=${encodeURIComponent(VALID)}`),
      400,
      'BAD_REQUEST',
      /Cross-Site Request Forgery/,
    ],
    [
      'a CSRF-style text/plain POST',
      () =>
        sendCrossSite({
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ query: VALID }),
        }),
      400,
      'BAD_REQUEST',
      /Cross-Site Request Forgery/,
    ],
    [
      'a CSRF-style form POST',
      () =>
        sendCrossSite({
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `query=${encodeURIComponent(VALID)}`,
        }),
      400,
      'BAD_REQUEST',
      /Cross-Site Request Forgery/,
    ],
  ])('%s', async (_label, request, status, code, message) => {
    const started = Date.now()
    const { status: actual, body } = await request()
    expect(actual).toBe(status)
    // One error with the code (depth 50 is also over the cost limit: both are reported).
    const error = body.errors?.find((e) => e.extensions?.code === code)
    expect(error?.message).toMatch(message)
    expect(body.data ?? undefined).toBeUndefined() // refused before execution
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('a GET with a preflight header is served (CSRF prevention lets real clients through)', async () => {
    const answer = await send(
      { method: 'GET', headers: { 'apollo-require-preflight': 'true' } },
      `?query=${encodeURIComponent('{ __typename }')}`,
    )
    expect(answer).toEqual({ status: 200, body: { data: { __typename: 'Query' } } })
  })

  it('still serves a valid query after all of that, and stays healthy', async () => {
    const { status, body } = await supergraph.post(VALID)
    expect(status).toBe(200)
    expect(body.data!.studies.length).toBeGreaterThanOrEqual(1)
    expect((await fetch(`${supergraph.baseUrl}/health`)).status).toBe(200)
    expect(supergraph.processes.gateway.child.exitCode).toBeNull()
  })
})

describe('the same limits for subscriptions over graphql-ws', () => {
  it.each([
    [
      '1,000 aliases',
      `subscription { adverseEventAlerts(siteIds: ["5e000000-0000-4000-8000-000000000001"]) { ${Array.from({ length: 1000 }, (_, i) => `a${i}: id`).join(' ')} } }`,
      'TOO_MANY_ALIASES',
    ],
    [
      'a very long token stream',
      `subscription { adverseEventAlerts(siteIds: [${'"x" '.repeat(6000)}]) { id } }`,
      'TOO_MANY_TOKENS',
    ],
  ])('%s', async (_label, query, code) => {
    const client = createClient({
      url: supergraph.gatewayUrl.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: supergraph.wsConnectionParams(),
    })
    const errors = await new Promise<unknown>((resolve) =>
      client.subscribe({ query }, { next: () => {}, error: resolve, complete: () => resolve('completed') }),
    )
    await client.dispose()
    expect((errors as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe(code)
  })
})

describe('production mode (NODE_ENV=production)', () => {
  const inProduction = async (query: string, variables: Record<string, unknown> = {}) =>
    postGraphQL(`${productionUrl}/graphql`, query, variables, {
      authorization: `Bearer ${await supergraph.tokenFor(DEFAULT_E2E_ACCOUNT)}`,
      accept: 'application/graphql-response+json', // request errors are 400 (200 under application/json)
    })
  const inDevelopment = (query: string, variables: Record<string, unknown> = {}) => supergraph.post(query, variables)

  it.each(['{ __schema { queryType { name } } }', '{ __type(name: "Patient") { fields { name } } }'])(
    'refuses introspection: %s',
    async (query) => {
      const [prod, dev] = await Promise.all([inProduction(query), inDevelopment(query)])
      expect(prod.status).toBe(400)
      expect(prod.body.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED')
      expect(prod.body.errors![0]!.message).toMatch(/introspection is not allowed/)
      expect(dev.status).toBe(200) // the same query works outside production
    },
  )

  it.each<[string, string, Record<string, unknown>, string]>([
    ['a misspelt field', '{ studys { protocolId } }', {}, 'Cannot query field "studys" on type "Query".'],
    [
      'a misspelt enum value',
      'query($s: AlertStatus) { adverseEventAlerts(siteIds: [], status: $s) { id } }',
      { s: 'OPN' },
      'Variable "$s" got invalid value "OPN"; Value "OPN" does not exist in "AlertStatus" enum.',
    ],
  ])('gives no field suggestions for %s', async (_label, query, variables, message) => {
    const [prod, dev] = await Promise.all([inProduction(query, variables), inDevelopment(query, variables)])
    expect(prod.status).toBe(400)
    expect(prod.body.errors![0]!.message).toBe(message)
    expect(dev.body.errors![0]!.message).toMatch(/Did you mean/) // the hint exists, production hides it
  })

  it('applies the same limits and serves valid queries', async () => {
    const tooDeep = await inProduction(nested(50))
    expect(tooDeep.status).toBe(400)
    expect(tooDeep.body.errors!.map((e) => e.extensions!.code)).toContain('QUERY_TOO_DEEP')
    const valid = await inProduction(VALID)
    expect(valid.status).toBe(200)
    expect(valid.body.data!.studies.length).toBeGreaterThanOrEqual(1)
  })
})
