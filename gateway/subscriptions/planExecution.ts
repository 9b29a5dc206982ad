import type { ServiceMap } from '@apollo/gateway'
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface'
import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql'
import type { Identity } from '../../contracts/identity'
import type { Logger } from '../../platform/logging/logger'
import { runCompiled, type CompiledOperation } from '../planExecution/compiledExecutor'

/**
 * Runs a federated subscription's per-event plan outside Apollo Server's request pipeline, once
 * per event, with the executor queries use (gateway/planExecution/): the stock gateway refuses to
 * execute subscriptions. The plan and the shape of the answer are compiled once per subscribed
 * operation (subscriptionPlan.ts); an event only runs the fetches and fills the shape.
 */
export interface PlanExecution {
  compiled: CompiledOperation
  /** The data source of every subgraph the plan fetches from. */
  services: ServiceMap
  supergraphSchema: GraphQLSchema
  /** The client's operation: its text, coerced variables and parsed document. */
  query: string
  variables: Record<string, unknown>
  operationName: string | undefined
  document: DocumentNode
  /** Becomes the data sources' `context.identity`, as for a query. */
  identity: Identity
  logger: Logger
}

/** Runs a plan and shapes its result for the client's selection (aliases, __typename; key fields removed). */
export async function executePlan(execution: PlanExecution): Promise<ExecutionResult> {
  const { query, variables, operationName, document, identity, logger } = execution
  // What the executor and the data sources read of a request context: no deadline, no cache policy.
  const requestContext = {
    request: { query, variables, operationName },
    context: { identity },
    logger,
    document,
    operationName,
  } as unknown as GatewayGraphQLRequestContext
  const result = await runCompiled(execution.compiled, requestContext, execution.services, execution.supergraphSchema)
  return { data: result.data ?? null, ...(result.errors?.length ? { errors: result.errors } : {}) } as ExecutionResult
}
