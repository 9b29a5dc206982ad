import { buildOperationContext, type ServiceMap } from '@apollo/gateway'
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
} from '@apollo/server-gateway-interface'
import { operationFromDocument, type Operation, type Schema } from '@apollo/federation-internals'
import type { QueryPlan } from '@apollo/query-planner'
import { GraphQLError, Kind, executeSync, getVariableValues, type GraphQLSchema, type SelectionNode } from 'graphql'
import { LRUCache } from 'lru-cache'
import { compileResultShape, type ResultShape } from './resultShape'
import { executePlanNode } from './planExecutor'
import type { FederationModel } from './federationModel'

export type OperationContext = ReturnType<typeof buildOperationContext>

/**
 * Everything the gateway derives from one operation document, once: the operation as the planner
 * and the shaper see it, its plan, and the compiled shape of its answer. @apollo/gateway caches
 * only the plan; it rebuilds the operation from the document on every request and walks that
 * model again to shape the result (in the profile of a full view, about 4 % and 8 % of the
 * gateway's samples).
 */
export interface CompiledOperation {
  operationContext: OperationContext
  operation: Operation
  plan: QueryPlan
  shape: ResultShape
}

export interface CompiledExecutorOptions {
  /** The supergraph's schemas and the planner (with its settings). */
  model: FederationModel
  /** The subgraphs' data sources by name. */
  services: ServiceMap
  /** Distinct operations kept compiled; the least recently used goes first. */
  cacheSize?: number
}

/**
 * Executes client operations with plans from Apollo's query planner, compiled once per operation
 * (CompiledOperation): a request only looks its operation up by hash, checks its variables,
 * runs the fetches and fills the compiled shape. Results, errors and their codes are the stock
 * executor's; the differential test runs both (e2e/executorDifferential.test.ts).
 */
export function compiledExecutor(options: CompiledExecutorOptions): GatewayExecutor {
  const { supergraphSchema, apiSchema, planner } = options.model
  const cache = new LRUCache<string, CompiledOperation>({ max: options.cacheSize ?? 1000 })

  const execute: GatewayExecutor = async (requestContext) => {
    const { request, document, queryHash, schema } = requestContext
    const key = request.operationName ? `${queryHash}\n${request.operationName}` : queryHash
    let compiled = cache.get(key)
    const operationContext =
      compiled?.operationContext ??
      buildOperationContext({ schema, operationDocument: document, operationName: request.operationName })
    // Variables are checked before planning, as the stock gateway does: a request with bad
    // variables gets their errors even when its operation cannot be planned.
    const refused = variableErrors(schema, operationContext, request.variables)
    if (refused) return { errors: refused }
    if (!compiled) {
      // The plan is made from the whole document, as the stock gateway does.
      const plan = planner.buildQueryPlan(
        operationFromDocument(apiSchema, document, { operationName: request.operationName }),
      )
      compiled = compiledOperation(apiSchema, operationContext, plan)
      cache.set(key, compiled)
    }
    return runCompiled(compiled, requestContext, options.services, supergraphSchema)
  }

  return execute
}

/**
 * An operation compiled for a plan. The shape comes from the chosen operation with its fragments,
 * unvalidated (Apollo Server has validated the document).
 */
export function compiledOperation(
  apiSchema: Schema,
  operationContext: OperationContext,
  plan: QueryPlan,
): CompiledOperation {
  const operation = operationFromDocument(
    apiSchema,
    { kind: Kind.DOCUMENT, definitions: [operationContext.operation, ...Object.values(operationContext.fragments)] },
    { validate: false },
  )
  return { operationContext, operation, plan, shape: compileResultShape(operation) }
}

/**
 * The stock gateway validates variables itself (Apollo Server leaves it to the executor), then
 * sends the client's values, not coerced ones, to the subgraphs: so does this.
 */
function variableErrors(
  schema: GraphQLSchema,
  operationContext: OperationContext,
  variables: Record<string, unknown> | undefined,
): readonly GraphQLError[] | undefined {
  const definitions = operationContext.operation.variableDefinitions
  if (!definitions) return undefined
  return getVariableValues(schema, definitions, variables ?? {}).errors
}

/** Runs a compiled operation's plan and shapes the answer; errors as the stock executor reports them. */
export async function runCompiled(
  compiled: CompiledOperation,
  requestContext: GatewayGraphQLRequestContext,
  services: ServiceMap,
  supergraphSchema: GraphQLSchema,
): Promise<GatewayExecutionResult> {
  const { plan, operation, operationContext, shape } = compiled
  if (plan.node?.kind === 'Subscription') throw new Error('Execution of subscriptions not supported by gateway')
  const errors: Error[] = []
  const unfiltered = Object.create(null) as Record<string, unknown>
  if (plan.node) {
    await executePlanNode(
      { services, supergraphSchema, requestContext, variableDefinitions: operation.variableDefinitions, errors },
      plan.node,
      { path: [], data: unfiltered, fullResult: unfiltered },
    )
  }
  const variables = requestContext.request.variables
  const introspect = (selection: SelectionNode, values: Record<string, unknown>) =>
    introspection(operationContext.schema, selection, operationContext.operation.variableDefinitions, values)
  try {
    const shaped = shape.shape(unfiltered, variables, introspect)
    if (errors.length === 0 && shaped.errors.length > 0)
      return { extensions: { valueCompletion: shaped.errors }, data: shaped.data }
    return errors.length === 0 ? { data: shaped.data } : { errors: errors as GraphQLError[], data: shaped.data }
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: [error] }
    if (error instanceof Error) return { errors: [new GraphQLError(error.message, { originalError: error })] }
    requestContext.logger.error('Unexpected error during query plan execution: ' + String(error))
    return { errors: [new GraphQLError('Unexpected error during query plan execution')] }
  }
}

/** `__schema`/`__type` answered from the API schema, as the stock gateway does. */
function introspection(
  schema: GraphQLSchema,
  selection: SelectionNode,
  variableDefinitions: OperationContext['operation']['variableDefinitions'],
  variables: Record<string, unknown>,
): unknown {
  const { data, errors } = executeSync({
    schema,
    document: {
      kind: Kind.DOCUMENT,
      definitions: [
        {
          kind: Kind.OPERATION_DEFINITION,
          operation: 'query' as never,
          variableDefinitions,
          selectionSet: { kind: Kind.SELECTION_SET, selections: [selection] },
        },
      ],
    },
    rootValue: {},
    variableValues: variables,
  })
  if (errors?.length || !data)
    throw new Error(
      `Introspection query for ${JSON.stringify(selection)} should not have failed but got ${JSON.stringify(errors)}`,
    )
  const name = selection.kind === Kind.FIELD ? (selection.alias?.value ?? selection.name.value) : ''
  return Object.hasOwn(data, name) ? data[name] : undefined
}
