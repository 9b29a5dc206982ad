import { ApolloServer, HeaderMap } from '@apollo/server'
import type { Identity } from '../../../contracts/identity'
import { requireIdentityPlugin } from '../../../platform/graphql/requireIdentity'
import { maskUnexpectedErrors } from '../../../platform/graphql/maskErrors'
import { createLogger } from '../../../platform/logging/logger'
import { DEFAULT_OPERATION_LIMITS } from '../../config'
import { operationHardening } from '../../hardening/operationHardening'
import { subscriptionOverHttpGuard } from '../../subscriptionOverHttpGuard'
import { csrfPrevention } from '../csrfPrevention'
import { requestErrorStatus } from '../requestErrorStatus'

// The gateway's GraphQL-over-HTTP wiring (csrfPrevention, the status plugin, the subscription
// guard, the hardening, sign-in-only for anonymous callers) on a small schema in an in-process
// Apollo Server: the status, content type and code a client sees for each Accept header.
// e2e/graphqlOverHttp.test.ts runs the same against the real gateway.
const typeDefs = `
  type Query { hello: String echo(n: Int): Int node: Node }
  type Node { id: ID! child: Node }
  type Mutation { signIn: String touch: Boolean }
  type Subscription { ticks: Int }
`
const resolvers = { Query: { hello: () => 'hi' }, Mutation: { signIn: () => 'token', touch: () => true } }

interface Context {
  identity: Identity | null
}
let server: ApolloServer<Context>
beforeAll(async () => {
  const hardening = operationHardening(DEFAULT_OPERATION_LIMITS, { production: false })
  server = new ApolloServer<Context>({
    typeDefs,
    resolvers,
    csrfPrevention,
    parseOptions: hardening.parseOptions,
    validationRules: hardening.validationRules,
    formatError: hardening.formatError(maskUnexpectedErrors(createLogger('test', { LOG_LEVEL: 'silent' }))),
    plugins: [
      subscriptionOverHttpGuard,
      requestErrorStatus,
      requireIdentityPlugin<Context>(['signIn']),
      ...hardening.plugins,
    ],
  })
  await server.start()
})
afterAll(() => server.stop())

const SIGNED_IN = { authorization: 'Bearer t' }
const JSON_TYPE = 'application/json; charset=utf-8'
const GRAPHQL_RESPONSE = 'application/graphql-response+json; charset=utf-8'

interface Operation {
  query: string
  variables?: Record<string, unknown>
  operationName?: string
}
interface Answer {
  status: number
  contentType: string | undefined
  allow: string | undefined
  body: { data?: unknown; errors?: { message: string; extensions: { code: string } }[] }
}

/** As the gateway sees a request: signed in when it carries Authorization (the gateway checked it). */
async function send(method: 'GET' | 'POST', operation: Operation, headers: Record<string, string>): Promise<Answer> {
  const search = new URLSearchParams({ query: operation.query })
  if (operation.variables) search.set('variables', JSON.stringify(operation.variables))
  if (operation.operationName) search.set('operationName', operation.operationName)
  const response = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method,
      headers: new HeaderMap(
        Object.entries(method === 'POST' ? { 'content-type': 'application/json', ...headers } : headers),
      ),
      search: method === 'GET' ? `?${search}` : '',
      body: method === 'POST' ? operation : undefined,
    },
    context: async () => ({
      identity: headers.authorization ? { userId: 'u', sessionId: 's', grants: [] } : null,
    }),
  })
  if (response.body.kind !== 'complete') throw new Error('expected a complete response')
  return {
    status: response.status ?? 200,
    contentType: response.headers.get('content-type'),
    allow: response.headers.get('allow'),
    body: JSON.parse(response.body.string) as Answer['body'],
  }
}

const deep = (levels: number) => `{ node { ${'child { '.repeat(levels - 2)}id${' }'.repeat(levels - 2)} } }`

describe('request errors: 200 under application/json, 400 under application/graphql-response+json', () => {
  it.each<[string, Operation, string]>([
    ['a syntax error', { query: '{' }, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', { query: '{ nothing }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['an operation limit (depth)', { query: deep(20) }, 'QUERY_TOO_DEEP'],
    [
      'a variable that does not coerce',
      { query: 'query($n: Int!) { echo(n: $n) }', variables: { n: 'x' } },
      'BAD_USER_INPUT',
    ],
    ['an unknown operation name', { query: 'query A { hello }', operationName: 'B' }, 'OPERATION_RESOLUTION_FAILURE'],
  ])('%s', async (_label, operation, code) => {
    for (const method of ['POST', 'GET'] as const) {
      for (const [accept, status, contentType] of [
        [undefined, 200, JSON_TYPE],
        ['*/*', 200, JSON_TYPE],
        ['application/json', 200, JSON_TYPE],
        ['application/graphql-response+json', 400, GRAPHQL_RESPONSE],
        ['application/graphql-response+json, application/json;q=0.9', 400, GRAPHQL_RESPONSE],
      ] as const) {
        const answer = await send(method, operation, { ...SIGNED_IN, ...(accept ? { accept } : {}) })
        expect([method, accept, answer.status, answer.contentType]).toEqual([method, accept, status, contentType])
        expect(answer.body.data).toBeUndefined() // nothing ran
        expect(answer.body.errors!.map((e) => e.extensions.code)).toContain(code)
      }
    }
  })
})

describe('refusals that keep their status whatever the client accepts', () => {
  it.each<[string, 'GET' | 'POST', Operation, Record<string, string>, number, string]>([
    ['an anonymous query', 'POST', { query: '{ hello }' }, {}, 401, 'UNAUTHENTICATED'],
    ['a subscription over POST', 'POST', { query: 'subscription { ticks }' }, SIGNED_IN, 400, 'SUBSCRIPTION_OVER_HTTP'],
    ['a subscription as a GET', 'GET', { query: 'subscription { ticks }' }, SIGNED_IN, 405, 'SUBSCRIPTION_OVER_HTTP'],
    ['a mutation as a GET', 'GET', { query: 'mutation { touch }' }, SIGNED_IN, 405, 'BAD_REQUEST'],
    [
      'an anonymous sign-in as a GET',
      'GET',
      { query: 'mutation { signIn }' },
      { 'apollo-require-preflight': '1' },
      405,
      'BAD_REQUEST',
    ],
    ['an anonymous GET without a preflight header (CSRF)', 'GET', { query: '{ hello }' }, {}, 400, 'BAD_REQUEST'],
  ])('%s', async (_label, method, operation, headers, status, code) => {
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const answer = await send(method, operation, { ...headers, accept })
      expect([accept, answer.status, answer.body.errors![0]!.extensions.code]).toEqual([accept, status, code])
      expect(answer.body.data).toBeUndefined()
      if (status === 405) expect(answer.allow).toBe('POST')
    }
  })

  it('tells a subscriber sent as a GET where subscriptions are served', async () => {
    const answer = await send('GET', { query: 'subscription { ticks }' }, SIGNED_IN)
    expect(answer.body.errors![0]!.message).toMatch(/open a GraphQL over WebSocket \(graphql-ws\) connection/)
  })
})

describe('GET', () => {
  it('runs a signed-in query without a preflight header: the bearer token is one', async () => {
    const answer = await send(
      'GET',
      { query: 'query($x: Boolean!) { hello @include(if: $x) }', variables: { x: true } },
      SIGNED_IN,
    )
    expect([answer.status, answer.body]).toEqual([200, { data: { hello: 'hi' } }])
  })

  it('an anonymous GET is refused as a possible CSRF unless it carries a preflight header', async () => {
    const refused = await send('GET', { query: '{ hello }' }, {})
    expect(refused.body.errors![0]!.message).toMatch(/Cross-Site Request Forgery/)
    // With one it gets as far as any anonymous query: sign in first.
    const preflighted = await send('GET', { query: '{ hello }' }, { 'apollo-require-preflight': '1' })
    expect([preflighted.status, preflighted.body.errors![0]!.extensions.code]).toEqual([401, 'UNAUTHENTICATED'])
  })
})
