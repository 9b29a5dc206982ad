import { buildOperationContext, executeQueryPlan, type ServiceMap } from '@apollo/gateway'
import type { QueryPlan } from '@apollo/query-planner'
import type { Schema } from '@apollo/federation-internals'
import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql'
import type { Identity } from '../../contracts/identity'
import type { Logger } from '../../platform/logging/logger'

/**
 * The one place the gateway runs @apollo/gateway's query-plan executor outside Apollo Server's
 * request pipeline: once per event of a federated subscription, which the stock gateway refuses
 * to execute. `executeQueryPlan` and `buildOperationContext` are exported by the package but not
 * documented, and the executor reads a request context Apollo Server would normally build; this
 * file builds the part of it that 2.14 reads. planExecution.test.ts runs a two-subgraph plan
 * through here, so an upgrade that changes either function or what the context must hold fails
 * that test, not a CRC's alert feed.
 */
export type OperationContext = ReturnType<typeof buildOperationContext>

/** The executor's view of an operation (fragments, the chosen operation), built once per plan. */
export function operationContextOf(
  apiSchema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
): OperationContext {
  return buildOperationContext({ schema: apiSchema, operationDocument: document, operationName })
}

export interface PlanExecution {
  plan: QueryPlan
  operationContext: OperationContext
  /** The data source of every subgraph the plan fetches from. */
  services: ServiceMap
  supergraphSchema: GraphQLSchema
  apiSchema: Schema
  /** The client's operation: its text, coerced variables and parsed document. */
  query: string
  variables: Record<string, unknown>
  operationName: string | undefined
  document: DocumentNode
  /** Becomes the data sources' `context.identity`, as for a query. */
  identity: Identity
  logger: Logger
}

type GatewayRequestContext = Parameters<typeof executeQueryPlan>[2]

/** Runs a plan and shapes its result for the client's selection (aliases, __typename; key fields removed). */
export async function executePlan(execution: PlanExecution): Promise<ExecutionResult> {
  const { query, variables, operationName, document, identity, logger } = execution
  // `metrics` must be present: without it the executor reports a second, bogus error.
  const requestContext = {
    request: { query, variables, operationName },
    context: { identity },
    metrics: {},
    logger,
    document,
    operationName,
  } as unknown as GatewayRequestContext
  const result = await executeQueryPlan(
    execution.plan,
    execution.services,
    requestContext,
    execution.operationContext,
    execution.supergraphSchema,
    execution.apiSchema,
  )
  return { data: result.data ?? null, ...(result.errors?.length ? { errors: result.errors } : {}) } as ExecutionResult
}
