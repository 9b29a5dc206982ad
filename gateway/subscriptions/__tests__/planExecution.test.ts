import { composeServices } from '@apollo/composition'
import type { GraphQLDataSource } from '@apollo/gateway'
import { parse, print } from 'graphql'
import { createLogger } from '../../../platform/logging/logger'
import { SubscriptionPlanner } from '../subscriptionPlan'
import { buildFederationModel } from '../../planExecution/federationModel'
import { executePlan } from '../planExecution'

// A subscription's per-event plan through the gateway's executor (gateway/planExecution/): the
// primary answered from the event (the subgraph's answer to the primary operation, which keeps the
// client's aliases), the rest fetched from another subgraph, comes back shaped for the client.

const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])'
const { supergraphSdl, errors } = composeServices([
  {
    name: 'feed',
    url: 'http://feed/graphql',
    typeDefs: parse(`${link}
      type Query { ping: String }
      type Subscription { alerts(siteId: ID!): Alert! }
      type Alert { id: ID! severity: Int! patient: Patient! }
      type Patient @key(fields: "id") { id: ID! }`),
  },
  {
    name: 'people',
    url: 'http://people/graphql',
    typeDefs: parse(`${link}
      type Query { me: String }
      type Patient @key(fields: "id") { id: ID! subjectNumber(prefix: String): String }`),
  },
])
if (errors || !supergraphSdl)
  throw new Error(`the test supergraph does not compose: ${errors?.map((e) => e.message).join('; ')}`)

const planner = new SubscriptionPlanner(buildFederationModel(supergraphSdl))
const document = parse(
  'subscription Feed($site: ID!, $prefix: String) { first: alerts(siteId: $site) { id patient { number: subjectNumber(prefix: $prefix) } } }',
)
const query = print(document)

function run(event: Record<string, unknown>, people: GraphQLDataSource) {
  const planned = planner.plan(document, query, 'Feed')
  const feed: GraphQLDataSource = {
    process: async (request) => {
      expect(request.request.query).toBe(planned.primary.operation)
      return { data: structuredClone(event) }
    },
  }
  return executePlan({
    compiled: planned.perEvent,
    services: { feed, people },
    supergraphSchema: planner.model.supergraphSchema,
    query,
    variables: { site: 's-1', prefix: 'ONC' },
    operationName: 'Feed',
    document,
    identity: { userId: 'u-1', sessionId: 'sess-1', grants: [] },
    logger: createLogger('test', { LOG_LEVEL: 'silent' }),
  })
}

it('completes an event across subgraphs and shapes it for the client (aliases kept, key fields dropped)', async () => {
  const fetched: { variables: unknown; identity: unknown }[] = []
  const people: GraphQLDataSource = {
    process: async ({ request, context }) => {
      fetched.push({ variables: request.variables, identity: (context as { identity?: unknown }).identity })
      const representations = (request.variables as { representations: { id: string }[] }).representations
      // Answered as the fetch asks: the client's alias travels to the subgraph.
      return { data: { _entities: representations.map((r) => ({ number: `ONC-${r.id}` })) } }
    },
  }
  const result = await run({ first: { id: 'a-1', patient: { __typename: 'Patient', id: 'p-7' } } }, people)
  expect(result).toEqual({ data: { first: { id: 'a-1', patient: { number: 'ONC-p-7' } } } })
  // The rest of the plan gets the client's variables and the caller's identity.
  expect(fetched).toEqual([
    {
      variables: expect.objectContaining({ prefix: 'ONC', representations: [{ __typename: 'Patient', id: 'p-7' }] }),
      identity: { userId: 'u-1', sessionId: 'sess-1', grants: [] },
    },
  ])
})

it('reports a failing fetch of the rest as an error in the event, with the subgraph named, and keeps the rest of the data', async () => {
  const people: GraphQLDataSource = {
    process: async () => ({ errors: [{ message: 'people is down', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }),
  }
  const result = await run({ first: { id: 'a-2', patient: { __typename: 'Patient', id: 'p-8' } } }, people)
  expect(result.data).toEqual({ first: { id: 'a-2', patient: { number: null } } })
  expect(result.errors).toHaveLength(1)
  expect(result.errors![0]).toMatchObject({
    message: 'people is down',
    extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'people' },
  })
})

it('runs the operation the client named when the document holds several', async () => {
  const several = parse(`query Other { ping } ${query}`)
  const text = print(several)
  const planned = planner.plan(several, text, 'Feed')
  const feed: GraphQLDataSource = {
    process: async () => ({ data: { first: { id: 'a-3', patient: { __typename: 'Patient', id: 'p-9' } } } }),
  }
  const people: GraphQLDataSource = { process: async () => ({ data: { _entities: [{ number: 'ONC-p-9' }] } }) }
  const result = await executePlan({
    compiled: planned.perEvent,
    services: { feed, people },
    supergraphSchema: planner.model.supergraphSchema,
    query: text,
    variables: { site: 's-1' },
    operationName: 'Feed',
    document: several,
    identity: { userId: 'u-1', sessionId: 'sess-1', grants: [] },
    logger: createLogger('test', { LOG_LEVEL: 'silent' }),
  })
  expect(result).toEqual({ data: { first: { id: 'a-3', patient: { number: 'ONC-p-9' } } } })
})
