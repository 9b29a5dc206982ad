import { ApolloServer, HeaderMap } from '@apollo/server'
import { GraphQLError, parse } from 'graphql'
import { maskUnexpectedErrors } from '../../../platform/graphql/maskErrors'
import { createLogger } from '../../../platform/logging/logger'
import { DEFAULT_OPERATION_LIMITS } from '../../config'
import { operationHardening } from '../operationHardening'
import { asTokenLimitError } from '../tokenLimit'
import { withoutSuggestions } from '../hiddenSuggestions'

// The hardening as the gateway wires it, on a small schema in an in-process Apollo Server: the
// HTTP status and the code a client sees, after Apollo Server's own wrapping of the errors.
const typeDefs = `
  enum Status { OPEN ACKNOWLEDGED }
  type Node { id: ID! child: Node }
  type Query { node: Node alerts(status: Status): [ID!]! broken: Int }
`
const resolvers = {
  Query: {
    node: () => ({ id: 'n', child: null }),
    alerts: () => [],
    broken: () => {
      throw new Error('relation "alert" does not exist')
    },
  },
}

async function serverFor(production: boolean) {
  const hardening = operationHardening({ ...DEFAULT_OPERATION_LIMITS, tokens: 200 }, { production })
  const server = new ApolloServer({
    typeDefs,
    resolvers,
    parseOptions: hardening.parseOptions,
    validationRules: hardening.validationRules,
    plugins: hardening.plugins,
    includeStacktraceInErrorResponses: false,
    formatError: hardening.formatError(maskUnexpectedErrors(createLogger('test', { LOG_LEVEL: 'silent' }))),
  })
  await server.start()
  return server
}

type Body = { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] }
let development: ApolloServer
let production: ApolloServer
beforeAll(async () => {
  ;[development, production] = await Promise.all([serverFor(false), serverFor(true)])
})
afterAll(async () => {
  await Promise.all([development.stop(), production.stop()])
})

async function post(
  server: ApolloServer,
  query: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
): Promise<{ status: number; body: Body }> {
  const response = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: 'POST',
      headers: new HeaderMap([['content-type', 'application/json']]),
      search: '',
      body: { query, variables, ...(operationName ? { operationName } : {}) },
    },
    context: async () => ({}),
  })
  if (response.body.kind !== 'complete') throw new Error('expected a complete response')
  return { status: response.status ?? 200, body: JSON.parse(response.body.string) as Body }
}

const deep = (levels: number) => `{ node { ${'child { '.repeat(levels - 2)}id${' }'.repeat(levels - 2)} } }`

describe('refusals as the client sees them', () => {
  it.each<[string, string | [string, string], number, string, RegExp]>([
    ['too deep', deep(13), 400, 'QUERY_TOO_DEEP', /^Query depth limit of 12 exceeded, found 13\.$/],
    [
      'too many root fields',
      `{ ${Array.from({ length: 11 }, (_, i) => `a${i}: alerts`).join(' ')} }`,
      400,
      'TOO_MANY_ROOT_FIELDS',
      /^Root fields limit of 10 exceeded, found 11\.$/,
    ],
    [
      'too many tokens',
      `{ ${'__typename '.repeat(300)} }`,
      400,
      'TOO_MANY_TOKENS',
      /^Token limit of 200 exceeded: the query was not parsed past token 200\.$/,
    ],
    [
      'a syntax error is still one',
      '{ node { id ',
      400,
      'GRAPHQL_PARSE_FAILED',
      /^Syntax Error: Expected Name, found <EOF>\.$/,
    ],
    [
      'an unknown field is still a validation error',
      '{ nothing }',
      400,
      'GRAPHQL_VALIDATION_FAILED',
      /^Cannot query field "nothing" on type "Query"\.$/,
    ],
    [
      'an unknown operation name',
      ['query A { alerts }', 'B'],
      400,
      'OPERATION_RESOLUTION_FAILURE',
      /^Unknown operation named "B"\.$/,
    ],
    [
      'several operations, none named',
      'query A { alerts } query B { node { id } }',
      400,
      'OPERATION_RESOLUTION_FAILURE',
      /^Must provide operation name if query contains multiple operations\.$/,
    ],
  ])('%s', async (_label, request, status, code, message) => {
    const [query, operationName] = typeof request === 'string' ? [request] : request
    const response = await post(development, query, {}, operationName)
    expect(response.status).toBe(status)
    const error = response.body.errors!.find((e) => e.extensions.code === code)
    expect(error?.message).toMatch(message)
    expect(response.body.data).toBeUndefined() // nothing was executed
  })

  it('unexpected errors are still masked', async () => {
    const { status, body } = await post(production, '{ broken }')
    expect(status).toBe(200)
    expect(body.errors).toEqual([
      {
        message: 'Internal server error.',
        path: ['broken'],
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ])
  })
})

describe('"Did you mean" suggestions', () => {
  it.each<[string, string, Record<string, unknown>, string]>([
    ['a field', '{ nod { id } }', {}, 'Cannot query field "nod" on type "Query".'],
    ['an argument', '{ alerts(statuss: OPEN) }', {}, 'Unknown argument "statuss" on field "Query.alerts".'],
    ['an enum literal', '{ alerts(status: OPN) }', {}, 'Value "OPN" does not exist in "Status" enum.'],
    [
      'an enum variable',
      'query($s: Status) { alerts(status: $s) }',
      { s: 'OPN' },
      'Variable "$s" got invalid value "OPN"; Value "OPN" does not exist in "Status" enum.',
    ],
  ])('on %s: kept in development, cut in production', async (_label, query, variables, withoutHint) => {
    const [dev, prod] = await Promise.all([post(development, query, variables), post(production, query, variables)])
    expect(dev.body.errors![0]!.message).toMatch(/ Did you mean .+\?$/)
    expect(prod.body.errors![0]!.message).toBe(withoutHint)
    expect(prod.status).toBe(dev.status)
  })

  it.each([
    ['Cannot query field "nod" on type "Query". Did you mean "node"?', 'Cannot query field "nod" on type "Query".'],
    ['Unknown type "Stat". Did you mean "Status", "Node", or "Query"?', 'Unknown type "Stat".'],
    ['No patient with id "x".', 'No patient with id "x".'],
  ])('withoutSuggestions(%p) → %p', (message, expected) => {
    expect(withoutSuggestions({ message }).message).toBe(expected)
  })
})

describe('asTokenLimitError', () => {
  it("recognises the installed graphql-js's token limit error (its wording is pinned here)", () => {
    let thrown: unknown
    try {
      parse('{ a b c d }', { maxTokens: 3 })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(GraphQLError)
    const relabelled = asTokenLimitError({
      message: (thrown as GraphQLError).message,
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    })
    expect(relabelled?.extensions).toEqual({ code: 'TOO_MANY_TOKENS', limit: 3 })
  })

  it('leaves other parse errors alone', () => {
    expect(
      asTokenLimitError({ message: 'Syntax Error: Unexpected "}".', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
    ).toBeUndefined()
  })
})
