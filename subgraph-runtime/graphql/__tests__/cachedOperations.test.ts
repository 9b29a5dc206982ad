import { ApolloServer, HeaderMap } from '@apollo/server'
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled'
import { buildSubgraphSchema } from '@apollo/subgraph'
import fc from 'fast-check'
import { GraphQLError, parse } from 'graphql'
import { cachedOperations } from '../cachedOperations'
import { maskUnexpectedErrors } from '../../../platform/graphql/maskErrors'
import { requireIdentityPlugin } from '../../../platform/graphql/requireIdentity'
import { createLogger } from '../../../platform/logging/logger'
import { appError } from '../../../contracts/errors/errorRegistry'
import { ErrorCodes } from '../../../contracts/errors/commonErrorCodes'
import type { Identity } from '../../../contracts/identity'

// The subgraph's own executor against Apollo Server on the same schema, resolvers and error
// formatting: whatever the own executor answers must be Apollo's answer byte for byte (status,
// content type, body), and what it declines must be exactly what Apollo answers differently
// (before any resolver runs).

interface Context {
  identity: Identity | null
  notes: string[]
  resolved: number
}

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query {
    patient(id: ID!): Patient
    patients(ids: [ID!]!, limit: Int = 2): [Patient!]!
    signInHint: String
  }
  type Mutation {
    note(text: String!): Boolean!
  }
  type Patient @key(fields: "id") {
    id: ID!
    initials: String!
    age: Int
    secret: String
    refused: String
    teapot: String
    required: String!
  }
`)

const patient = (id: string) => ({ id, initials: `P${id}`, age: id === '2' ? null : Number(id) * 10 })
const schema = buildSubgraphSchema({
  typeDefs,
  resolvers: {
    Query: {
      patient: (_: unknown, { id }: { id: string }, context: Context) => {
        context.resolved++
        return id === 'none' ? null : patient(id)
      },
      patients: (_: unknown, { ids, limit }: { ids: string[]; limit: number }) => ids.slice(0, limit).map(patient),
      signInHint: () => 'use the sign-in form',
    },
    Mutation: {
      note: (_: unknown, { text }: { text: string }, context: Context) => {
        context.notes.push(text)
        return true
      },
    },
    Patient: {
      __resolveReference: (ref: { id: string }) => (ref.id === 'gone' ? null : patient(ref.id)),
      secret: () => {
        throw new Error('relation "secret" does not exist')
      },
      refused: () => {
        throw appError(ErrorCodes.FORBIDDEN, 'Not at your site.')
      },
      teapot: () => {
        throw new GraphQLError('short and stout', {
          extensions: { code: 'TEAPOT', http: { status: 418, headers: new Map([['x-tea', 'earl grey']]) } },
        })
      },
      required: (p: { id: string }) => (p.id === '3' ? null : 'here'),
    },
  } as never,
})

const logger = createLogger('cached-operations-test', { LOG_LEVEL: 'silent' })
const formatError = maskUnexpectedErrors(logger)
const responseExtensions = (context: Context) => (context.notes.length ? { notes: context.notes } : undefined)
const alice: Identity = { userId: 'u1', sessionId: 's1', grants: [] }

async function both(production: boolean) {
  const apollo = new ApolloServer<Context>({
    schema,
    includeStacktraceInErrorResponses: false,
    introspection: !production,
    formatError,
    plugins: [
      // As the subgraph server configures it (subgraph-runtime/http/subgraphServer.ts).
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      requireIdentityPlugin<Context>(['signInHint']),
      {
        async requestDidStart() {
          return {
            async willSendResponse({ contextValue, response }) {
              const extensions = responseExtensions(contextValue)
              if (!extensions || response.body.kind !== 'single') return
              response.body.singleResult.extensions = { ...response.body.singleResult.extensions, ...extensions }
            },
          }
        },
      },
    ],
  })
  await apollo.start()
  const cached = cachedOperations<Context>({
    schema,
    introspection: !production,
    anonymousRootFields: ['signInHint'],
    formatError,
    responseExtensions,
  })
  const context = (identity: Identity | null) => async (): Promise<Context> => ({ identity, notes: [], resolved: 0 })
  return {
    apollo,
    async viaApollo(body: unknown, identity: Identity | null = alice) {
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: 'POST',
          headers: new HeaderMap([['content-type', 'application/json']]),
          search: '',
          body,
        },
        context: context(identity),
      })
      return {
        status: response.status ?? 200,
        headers: Object.fromEntries(response.headers),
        body: response.body.kind === 'complete' ? response.body.string : '(chunked)',
      }
    },
    viaCache: (body: unknown, identity: Identity | null = alice) => cached.answer(body, identity, context(identity)),
  }
}

/** Every row gets its caller (alice unless it says null: anonymous), so each has the same length for it.each. */
function withCaller(rows: [string, unknown, (Identity | null)?][]): [string, unknown, Identity | null][] {
  return rows.map(([name, body, caller]) => [name, body, caller === undefined ? alice : caller])
}

const entities = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Patient { id initials age } } }`

const answered = withCaller([
  ['a query', { query: '{ patient(id: "1") { id initials age } }' }],
  ['a null field', { query: '{ patient(id: "2") { id age } }' }],
  ['nothing found', { query: '{ patient(id: "none") { id } }' }],
  [
    'variables and a default',
    { query: 'query P($ids: [ID!]!) { patients(ids: $ids) { id } }', variables: { ids: ['1', '2', '3'] } },
  ],
  ['an error masked', { query: '{ patient(id: "1") { id secret } }' }],
  ['an error of the registry', { query: '{ patient(id: "1") { refused } }' }],
  ['an error with an HTTP status and header', { query: '{ patient(id: "1") { id teapot } }' }],
  ['a null in a non-null field', { query: '{ patient(id: "3") { id required } }' }],
  [
    'entities',
    {
      query: entities,
      variables: {
        representations: [
          { __typename: 'Patient', id: '1' },
          { __typename: 'Patient', id: 'gone' },
        ],
      },
    },
  ],
  [
    'a named operation among two',
    { query: 'query A { signInHint } query B { patient(id: "1") { id } }', operationName: 'B' },
  ],
  ['a mutation with a response extension', { query: 'mutation { note(text: "hello") }' }],
  ['an anonymous caller on an allowed field', { query: '{ signInHint }' }, null],
  ['null variables and operation name', { query: '{ signInHint }', variables: null, operationName: null }],
  ['introspection outside production', { query: '{ __schema { queryType { name } } }' }],
])

const declined = withCaller([
  ['a document that does not parse', { query: '{ patient(id: "1") { id ' }],
  ['a document that does not validate', { query: '{ patient(id: "1") { nope } }' }],
  ['no query', { variables: {} }],
  ['a query that is not a string', { query: 42 }],
  ['variables that are a list', { query: '{ signInHint }', variables: [] }],
  ['an unknown operation name', { query: 'query A { signInHint }', operationName: 'B' }],
  ['two operations and no name', { query: 'query A { signInHint } query B { signInHint }' }],
  [
    'variables that do not coerce',
    { query: 'query P($ids: [ID!]!) { patients(ids: $ids) { id } }', variables: { ids: 7.5 } },
  ],
  ['a missing variable', { query: 'query P($ids: [ID!]!) { patients(ids: $ids) { id } }' }],
  ['an anonymous caller outside the allowed fields', { query: '{ patient(id: "1") { id } }' }, null],
  ['an anonymous caller with a root fragment', { query: '{ ... on Query { signInHint } }' }, null],
  ['extensions', { query: '{ signInHint }', extensions: { persistedQuery: { version: 1 } } }],
  ['a subscription', { query: 'subscription { x }' }],
  ['not an object', ['{ signInHint }']],
])

describe('the own executor answers as Apollo Server does', () => {
  let servers: Awaited<ReturnType<typeof both>>
  beforeAll(async () => {
    servers = await both(false)
  })
  afterAll(() => servers.apollo.stop())

  it.each(answered)('%s', async (_name, body, identity) => {
    const apollo = await servers.viaApollo(body, identity)
    const own = await servers.viaCache(body, identity)
    expect(own).toBeDefined()
    expect(own).toEqual(apollo)
    // Asked again: the document now comes from the cache, the answer is the same.
    expect(await servers.viaCache(body, identity)).toEqual(apollo)
  })

  it.each(declined)('declines %s, which Apollo answers without running a resolver', async (_name, body, identity) => {
    expect(await servers.viaCache(body, identity)).toBeUndefined()
    const apollo = await servers.viaApollo(body, identity)
    expect(apollo.body).toContain('"errors"')
    expect(apollo.body).not.toContain('"data":{')
  })

  it('answers generated selections and arguments as Apollo does', async () => {
    const fields = ['id', 'initials', 'age', 'secret', 'refused', 'teapot', 'required']
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(fields, { minLength: 1 }),
        fc.array(fc.constantFrom('1', '2', '3', 'gone', 'none'), { maxLength: 4 }),
        fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
        fc.boolean(),
        async (selected, ids, limit, viaEntities) => {
          const selection = selected.join(' ')
          const body = viaEntities
            ? {
                query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { ${selection} } } }`,
                variables: { r: ids.map((id) => ({ __typename: 'Patient', id })) },
              }
            : {
                query: `query($ids: [ID!]!, $limit: Int) { patients(ids: $ids, limit: $limit) { ${selection} } }`,
                variables: { ids, ...(limit === undefined ? {} : { limit }) },
              }
          const own = await servers.viaCache(body)
          expect(own).toEqual(await servers.viaApollo(body))
        },
      ),
      { numRuns: 150 },
    )
  })
})

describe('in production', () => {
  it('declines introspection, which Apollo Server refuses there', async () => {
    const servers = await both(true)
    try {
      const body = { query: '{ __schema { queryType { name } } }' }
      expect(await servers.viaCache(body)).toBeUndefined()
      expect((await servers.viaApollo(body)).body).toContain('GRAPHQL_VALIDATION_FAILED')
      const plain = { query: '{ patient(id: "1") { id } }' }
      expect(await servers.viaCache(plain)).toEqual(await servers.viaApollo(plain))
    } finally {
      await servers.apollo.stop()
    }
  })
})
