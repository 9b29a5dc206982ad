import type { GraphQLDataSourceProcessOptions, ServiceMap } from '@apollo/gateway'
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface'
import { evaluateCondition, type FetchNode, type PlanNode, type ResponsePath } from '@apollo/query-planner'
import type { VariableDefinitions } from '@apollo/federation-internals'
import type { GraphQLSchema } from 'graphql'
import { applyRewrites, deepMerge } from './resultMerging'
import { inSpan } from '../../platform/telemetry/traceContext'
import { representationOf } from './entityRepresentation'
import { downstreamErrors } from './downstreamErrors'

/**
 * Runs a query plan's fetches and merges their answers into one unshaped result, as
 * @apollo/gateway's executeQueryPlan does (2.14: same order of fetches, same merging, same errors);
 * shaping that result for the client is resultShape.ts's. Not here: the usage-reporting trace tree
 * Apollo builds per node (this gateway reports usage to no one) and @defer, which Apollo's gateway
 * does not execute either.
 */
export interface PlanRun {
  services: ServiceMap
  /** The supergraph schema as graphql-js (type conditions of rewrites and @requires). */
  supergraphSchema: GraphQLSchema
  requestContext: GatewayGraphQLRequestContext
  /** The operation's variable definitions: a Condition node reads their defaults. */
  variableDefinitions: VariableDefinitions
  /** Fetch failures and subgraph errors, with paths in the client's response. */
  errors: Error[]
}

/** Where in the result a node works: the data there (a list after a `@` in a Flatten path) and its path. */
export interface Cursor {
  path: ResponsePath
  data: unknown
  fullResult: Record<string, unknown>
}

export async function executePlanNode(run: PlanRun, node: PlanNode, cursor: Cursor | undefined): Promise<void> {
  if (!cursor) return
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executePlanNode(run, child, cursor)
      return
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executePlanNode(run, child, cursor)))
      return
    case 'Flatten':
      return executePlanNode(run, node.node, moveIntoCursor(cursor, node.path))
    case 'Fetch':
      try {
        await inSpan('gateway.fetch', { attributes: { service: node.serviceName } }, () =>
          executeFetch(run, node, cursor),
        )
      } catch (error) {
        run.errors.push(error as Error)
      }
      return
    case 'Condition': {
      const branch = evaluateCondition(node, run.variableDefinitions, run.requestContext.request.variables)
        ? node.ifClause
        : node.elseClause
      if (branch) await executePlanNode(run, branch, cursor)
      return
    }
    case 'Defer':
      throw new Error('@defer support is not available in the gateway')
  }
}

type Entity = Record<string, unknown>

/** GraphQLDataSourceRequestKind.INCOMING_OPERATION: the package exports the options' type, not the enum. */
const INCOMING_OPERATION = 'incoming operation' as Extract<
  GraphQLDataSourceProcessOptions,
  { incomingRequestContext: unknown }
>['kind']

async function executeFetch(run: PlanRun, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const service = run.services[fetch.serviceName]
  if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`)
  const entities = (Array.isArray(cursor.data) ? cursor.data.filter((e) => e != null) : [cursor.data]) as Entity[]
  if (entities.length < 1) return
  const variables = usedVariables(fetch, run.requestContext.request.variables)

  const send = async (sent: Record<string, unknown>) => {
    const response = await service.process({
      kind: INCOMING_OPERATION,
      request: { query: fetch.operation, variables: sent, operationName: fetch.operationName },
      incomingRequestContext: run.requestContext,
      context: run.requestContext.context,
      document: fetch.operationDocumentNode,
      pathInIncomingRequest: cursor.path,
    })
    if (response.errors) run.errors.push(...downstreamErrors(response.errors, fetch, cursor))
    return response.data as Entity | null | undefined
  }

  if (!fetch.requires) {
    const data = await send(variables)
    if (data) applyRewrites(run.supergraphSchema, fetch.outputRewrites, data)
    for (const entity of entities) deepMerge(entity, data)
    return
  }
  const representations: Entity[] = []
  const ofEntity: number[] = []
  entities.forEach((entity, index) => {
    const representation = representationOf(run.supergraphSchema, entity, fetch.requires!)
    if (representation?.__typename) {
      applyRewrites(run.supergraphSchema, fetch.inputRewrites, representation)
      representations.push(representation)
      ofEntity.push(index)
    }
  })
  if (representations.length < 1) return
  if ('representations' in variables) throw new Error(`Variables cannot contain key "representations"`)
  const data = await send({ ...variables, representations })
  if (!data) return
  const received = data._entities
  if (!Array.isArray(received)) throw new Error(`Expected "data._entities" in response to be an array`)
  if (received.length !== representations.length)
    throw new Error(`Expected "data._entities" to contain ${representations.length} elements`)
  for (let i = 0; i < received.length; i++) {
    const entity = received[i] as Entity | null
    const target = entities[ofEntity[i]]
    if (entity && !entity.__typename) entity.__typename = target.__typename
    if (entity) applyRewrites(run.supergraphSchema, fetch.outputRewrites, entity)
    deepMerge(target, entity)
  }
}

/** The client's variables this fetch's operation uses (a variable given as undefined is left out). */
function usedVariables(fetch: FetchNode, provided: Record<string, unknown> | undefined): Record<string, unknown> {
  const variables = Object.create(null) as Record<string, unknown>
  if (!fetch.variableUsages || !provided) return variables
  for (const name of fetch.variableUsages)
    if (Object.hasOwn(provided, name) && provided[name] !== undefined) variables[name] = provided[name]
  return variables
}

function moveIntoCursor(cursor: Cursor, path: ResponsePath): Cursor | undefined {
  const data = flattenAtPath(cursor.data, path, 0)
  return data ? { path: cursor.path.concat(path), data, fullResult: cursor.fullResult } : undefined
}

function flattenAtPath(value: unknown, path: ResponsePath, from: number): unknown {
  if (from === path.length || value === undefined || value === null) return value
  const current = path[from]
  if (current === '@') return (value as unknown[]).flatMap((element) => flattenAtPath(element, path, from + 1))
  if (typeof current !== 'string') throw new Error(`Unexpected ${typeof current} found in path`)
  if (Array.isArray(value)) throw new Error(`Unexpected array in result for path element ${current}`)
  const object = value as Record<string, unknown>
  return flattenAtPath(Object.hasOwn(object, current) ? object[current] : undefined, path, from + 1)
}
