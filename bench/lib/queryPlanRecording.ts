import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'graphql'
import { ApolloGateway } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import { Supergraph, operationFromDocument } from '@apollo/federation-internals'
import { QueryPlanner, prettyFormatQueryPlan, type PlanNode } from '@apollo/query-planner'
import { assertionKey } from '../../contracts/gatewayAssertion'
import type { Identity } from '../../contracts/identity'
import { AssertingDataSource, subgraphUrlOverrides } from './assertingDataSource'
import type { ReplayNode } from './loadSpec'

/**
 * The floor: what the subgraphs do for an operation without any gateway in between. The query
 * planner gives the order of the fetches (its plan for the operation, the same one every gateway
 * here uses); running the operation once per variable set through an in-process stock gateway
 * records the request sent for each fetch, with the real entity representations the earlier
 * fetches returned. The load generator then replays those requests in the plan's order.
 */
export interface RecordedPlans {
  /** The plan as @apollo/query-planner prints it. */
  planText: string
  /** Per variable set: the plan with each fetch replaced by its recorded request. */
  plans: ReplayNode[]
}

export interface SentRequest {
  subgraph: string
  url: string
  body: string
  key: string
}

export async function recordPlans(options: {
  query: string
  variableSets: Record<string, unknown>[]
  subgraphUrls: Record<string, string>
  secret: string
  identity: Identity
}): Promise<RecordedPlans> {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true'
  const supergraphSdl = fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8')
  const supergraph = Supergraph.build(supergraphSdl)
  const plan = new QueryPlanner(supergraph).buildQueryPlan(
    operationFromDocument(supergraph.apiSchema(), parse(options.query)),
  )
  const root = plan.node
  if (!root || root.kind === 'Subscription') throw new Error('the floor replays queries and mutations only')
  let sent: SentRequest[] = []
  const overrides = subgraphUrlOverrides(options.subgraphUrls)
  const key = assertionKey(options.secret)
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new AssertingDataSource(name, overrides[name] ?? url!, key, options.identity, (subgraph, to, request) =>
        sent.push({
          subgraph,
          url: to,
          key: `${subgraph}\n${request.query}`,
          body: JSON.stringify({
            query: request.query,
            operationName: request.operationName,
            variables: request.variables,
          }),
        }),
      ),
  })
  // Not its signal handlers: on Ctrl-C the benchmark stops its servers and drops its schemas first.
  const server = new ApolloServer({ gateway, stopOnTerminationSignals: false })
  await server.start()
  const plans: ReplayNode[] = []
  try {
    for (const variables of options.variableSets) {
      sent = []
      const response = await server.executeOperation({ query: options.query, variables })
      const result = response.body.kind === 'single' ? response.body.singleResult : undefined
      if (!result || result.errors)
        throw new Error(
          `recording the floor: the operation failed: ${JSON.stringify(result?.errors ?? 'incremental result').slice(0, 500)}`,
        )
      plans.push(withRecordedFetches(root, sent))
    }
  } finally {
    await server.stop()
  }
  return { planText: prettyFormatQueryPlan(plan), plans }
}

/** The plan's shape with its fetches filled in; a fetch the gateway skipped (no entities) is left out. */
export function withRecordedFetches(node: PlanNode, sent: SentRequest[]): ReplayNode {
  const queues = new Map<string, SentRequest[]>()
  for (const request of sent) queues.set(request.key, [...(queues.get(request.key) ?? []), request])
  const fill = (n: PlanNode): ReplayNode | undefined => {
    switch (n.kind) {
      case 'Sequence':
      case 'Parallel': {
        const nodes = n.nodes.map(fill).filter((c): c is ReplayNode => c !== undefined)
        return nodes.length ? { kind: n.kind, nodes } : undefined
      }
      case 'Flatten':
        return fill(n.node)
      case 'Fetch': {
        const request = queues.get(`${n.serviceName}\n${n.operation}`)?.shift()
        return request && { kind: 'Fetch', subgraph: request.subgraph, url: request.url, body: request.body }
      }
      default:
        throw new Error(`the floor cannot replay a ${n.kind} node`)
    }
  }
  const filled = fill(node)
  const left = [...queues.values()].flat()
  if (!filled || left.length)
    throw new Error(
      `recorded fetches do not match the plan (${left.length} unmatched: ${left.map((r) => r.subgraph).join(', ')})`,
    )
  return filled
}
