import type { GraphQLResponse } from '../test/support/graphqlClient'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { operation } from './support/operations'
import { SUBGRAPHS } from '../scripts/run/supergraphProcesses'

// Malformed requests get the GraphQL-over-HTTP status and a JSON error; the server keeps serving.
jest.setTimeout(180_000)

let supergraph: SupergraphUnderTest
beforeAll(async () => {
  supergraph = await startSupergraphUnderTest()
})
afterAll(async () => {
  await supergraph?.stop()
})

const post = (body: string, contentType = 'application/json') =>
  fetch(supergraph.gatewayUrl, { method: 'POST', headers: { 'content-type': contentType }, body })
const errorBody = async (response: Response) => (await response.json()) as GraphQLResponse['body']
const json = async (response: Response) => (await response.json()) as Record<string, any>

describe('bad requests at the gateway', () => {
  it('rejects invalid JSON with 400 and a JSON error, no stack trace', async () => {
    const response = await post('{"query": "{ studies { id } ')
    expect(response.status).toBe(400)
    const body = await errorBody(response)
    expect(body.errors![0]!.extensions!.code).toBe('BAD_REQUEST')
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/)
  })

  // GraphQL request errors: 400 for a client that accepts application/graphql-response+json, 200
  // under application/json (GraphQL over HTTP; fetch's default Accept, */*, gets application/json).
  const asRequestError = async (query: string, variables: Record<string, unknown>, code: string) => {
    for (const [accept, status] of [
      ['application/graphql-response+json', 400],
      ['application/json', 200],
      ['*/*', 200],
    ] as const) {
      const { status: actual, body } = await supergraph.post(query, variables, { headers: { accept } })
      expect([accept, actual, body.errors![0]!.extensions!.code]).toEqual([accept, status, code])
      expect(body.data).toBeUndefined()
    }
  }

  it('rejects a syntax error: GRAPHQL_PARSE_FAILED', async () => {
    await asRequestError('{ studies { id ', {}, 'GRAPHQL_PARSE_FAILED')
  })

  it('rejects an unknown field: GRAPHQL_VALIDATION_FAILED', async () => {
    await asRequestError('{ studies { id nonsense } }', {}, 'GRAPHQL_VALIDATION_FAILED')
  })

  it('rejects a variable of the wrong type: BAD_USER_INPUT', async () => {
    await asRequestError('query($id: ID!) { patient(id: $id) { id } }', { id: { nested: true } }, 'BAD_USER_INPUT')
  })

  it('answers a subscription sent over HTTP with 400 SUBSCRIPTION_OVER_HTTP, not a 500', async () => {
    const { status, body } = await supergraph.post(operation('CrcAlertFeed'), {
      siteIds: ['5e000000-0000-4000-8000-000000000001'],
    })
    expect(status).toBe(400)
    expect(body.errors![0]!.extensions!.code).toBe('SUBSCRIPTION_OVER_HTTP')
    expect(body.errors![0]!.message).toMatch(/graphql-ws/)
  })

  it('rejects a body over the size limit with 413', async () => {
    const response = await post(JSON.stringify({ query: `{ studies { id } } # ${'x'.repeat(2 * 1024 * 1024)}` }))
    expect(response.status).toBe(413)
    expect((await errorBody(response)).errors![0]!.extensions!.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('still serves after all of that, and reports health and readiness', async () => {
    const { status, body } = await supergraph.post('{ studies { protocolId sites { siteNumber } } }')
    expect(status).toBe(200)
    expect(body.data!.studies.length).toBeGreaterThanOrEqual(1) // the studies the account holds a role in
    expect((await fetch(`${supergraph.baseUrl}/health`)).status).toBe(200)
    const ready = await fetch(`${supergraph.baseUrl}/ready`)
    expect(ready.status).toBe(200)
    expect((await json(ready)).subgraphs).toEqual(Object.fromEntries(SUBGRAPHS.map((name) => [name, 'ready'])))
  })
})
