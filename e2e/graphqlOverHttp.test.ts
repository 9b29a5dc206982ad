import { auditServer, type AuditResult } from 'graphql-http'
import type { GraphQLResponse } from '../test/support/graphqlClient'
import { DEFAULT_E2E_ACCOUNT, startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'

// Issue 15, defect 10: the GraphQL-over-HTTP spec's own conformance audit (graphql-http's
// auditServer) against the real gateway. Every audit must pass, the optional (MAY/SHOULD) ones
// included. The audit's requests carry a signed-in demo account's bearer token, as every client
// but a signing-in one does: anonymous callers may only sign in (platform/graphql/requireIdentity.ts).
jest.setTimeout(180_000)

let supergraph: SupergraphUnderTest
beforeAll(async () => {
  supergraph = await startSupergraphUnderTest()
})
afterAll(async () => {
  await supergraph?.stop()
})

/** fetch with the account's Authorization header added to whatever the audit sends. */
async function signedInFetch(): Promise<typeof fetch> {
  const authorization = `Bearer ${await supergraph.tokenFor(DEFAULT_E2E_ACCOUNT)}`
  return (input, init = {}) => {
    const headers = new Headers(init.headers)
    headers.set('authorization', authorization)
    return fetch(input, { ...init, headers })
  }
}

const failureOf = (result: AuditResult) =>
  result.status === 'ok' ? undefined : `${result.id} ${result.name}: ${result.reason}`

describe('GraphQL over HTTP (graphql-http audit)', () => {
  it('passes every audit, MUST, SHOULD and MAY', async () => {
    const results = await auditServer({ url: supergraph.gatewayUrl, fetchFn: await signedInFetch() })
    const failures = results.map(failureOf).filter((failure) => failure !== undefined)
    // The score, for the record in CI logs.
    console.log(`graphql-http audit: ${results.length - failures.length}/${results.length}\n${failures.join('\n')}`)
    expect(results.length).toBeGreaterThanOrEqual(61)
    expect(failures).toEqual([])
  })
})

interface Answer {
  status: number
  headers: Headers
  body: GraphQLResponse['body']
}

/** A GET of the operation, signed in unless told otherwise. */
async function get(
  operation: { query: string; variables?: Record<string, unknown> },
  headers: Record<string, string> = {},
  { signedIn = true } = {},
): Promise<Answer> {
  const url = new URL(supergraph.gatewayUrl)
  url.searchParams.set('query', operation.query)
  if (operation.variables) url.searchParams.set('variables', JSON.stringify(operation.variables))
  const authorization: Record<string, string> = signedIn
    ? { authorization: `Bearer ${await supergraph.tokenFor(DEFAULT_E2E_ACCOUNT)}` }
    : {}
  const response = await fetch(url, { headers: { ...authorization, ...headers } })
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] }
}

const GRAPHQL_RESPONSE = 'application/graphql-response+json'
const deep = (levels: number) =>
  `{ patient(id: "5e000000-0000-4000-8000-000000000001") { ${'labResults { patient { '.repeat(levels / 2)}id${' } }'.repeat(levels / 2)} } }`

describe('GET at the gateway: queries only, for signed-in callers, never stored', () => {
  // no-store: Apollo Server's cache-control plugin, since no field has a cache hint. A hint added
  // to the schema would let browsers and proxies keep patient data, and fails here.
  it('serves a query with variables, marked no-store', async () => {
    const answer = await get({
      query: 'query($s: String!) { patientBySubjectNumber(subjectNumber: $s) { subjectNumber site { siteNumber } } }',
      variables: { s: 'ONC-3017-101-0034' },
    })
    expect([answer.status, answer.body]).toEqual([
      200,
      { data: { patientBySubjectNumber: { subjectNumber: 'ONC-3017-101-0034', site: { siteNumber: '101' } } } },
    ])
    expect(answer.headers.get('cache-control')).toBe('no-store')
  })

  it('refuses a mutation with 405 and Allow: POST, running nothing', async () => {
    const answer = await get({ query: 'mutation { signOut(refreshToken: "x") }' })
    expect([answer.status, answer.headers.get('allow')]).toEqual([405, 'POST'])
    expect(answer.body.errors![0]!.message).toMatch(/GET requests only support query operations/)
    expect(answer.body.data).toBeUndefined()
  })

  it('refuses a subscription with 405, pointing to graphql-ws', async () => {
    const answer = await get({ query: 'subscription { adverseEventAlerts(siteIds: []) { id } }' })
    expect(answer.status).toBe(405)
    expect(answer.body.errors![0]!.extensions!.code).toBe('SUBSCRIPTION_OVER_HTTP')
    expect(answer.body.errors![0]!.message).toMatch(/graphql-ws/)
  })

  it('applies the operation limits: 400 under application/graphql-response+json, 200 under application/json', async () => {
    for (const [accept, status] of [
      [GRAPHQL_RESPONSE, 400],
      ['application/json', 200],
    ] as const) {
      const answer = await get({ query: deep(40) }, { accept })
      expect([accept, answer.status]).toEqual([accept, status])
      expect(answer.body.errors!.map((e) => e.extensions!.code)).toContain('QUERY_TOO_DEEP')
      expect(answer.body.data).toBeUndefined() // refused before any subgraph call
    }
  })

  it('refuses a GET without a bearer token or a preflight header as a possible cross-site forgery', async () => {
    const answer = await get({ query: '{ studies { protocolId } }' }, {}, { signedIn: false })
    expect(answer.status).toBe(400)
    expect(answer.body.errors![0]!.message).toMatch(/Cross-Site Request Forgery/)
  })

  it('refuses a GET with a bad token 401, whatever it accepts', async () => {
    for (const accept of ['application/json', GRAPHQL_RESPONSE]) {
      const answer = await get({ query: '{ studies { protocolId } }' }, { accept, authorization: 'Bearer nonsense' })
      expect([accept, answer.status, answer.body.errors![0]!.extensions!.code]).toEqual([
        accept,
        401,
        'UNAUTHENTICATED',
      ])
    }
  })
})
