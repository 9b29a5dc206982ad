import { executeQueryPlan, type ServiceMap } from '@apollo/gateway'
import type { GraphQLDataSource } from '@apollo/gateway/dist/datasources/types'
import { GraphQLError, print, type ExecutionArgs, type ExecutionResult, type OperationDefinitionNode } from 'graphql'
import { getVariableValues } from 'graphql/execution/values'
import type { Client } from 'graphql-ws'
import type { Logger } from '../../server-kit/logger'
import type { PlannedSubscription, SubscriptionPlanner } from './subscriptionPlan'

type GatewayRequestContext = Parameters<typeof executeQueryPlan>[2]
type Event = { data?: Record<string, unknown> | null; errors?: readonly unknown[] }

/**
 * One client's federated subscription: the primary operation streams events from the owning
 * subgraph over graphql-ws; for every event the gateway's own executor runs the plan
 * [primary, rest], with the primary answered from the event, so fields of other subgraphs (the
 * patient's subject number, site, CRC, labs) are filled. A failing event becomes errors in that
 * event, not a dropped stream. `return()` unsubscribes upstream at once.
 */
export function federatedEventStream(options: {
  args: ExecutionArgs
  planned: PlannedSubscription
  planner: SubscriptionPlanner
  upstream: Client
  dataSources: ServiceMap
  logger: Logger
}): AsyncIterableIterator<ExecutionResult> | ExecutionResult {
  const { args, planned, planner, upstream, logger } = options
  const operation = args.document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && (!args.operationName || d.name?.value === args.operationName))!
  const coerced = getVariableValues(planner.apiGraphQLSchema, operation.variableDefinitions ?? [], (args.variableValues ?? {}) as Record<string, unknown>)
  if (coerced.errors) return { errors: coerced.errors }
  const variables = coerced.coerced
  const primaryVariables = Object.fromEntries((planned.primary.variableUsages ?? []).filter((name) => name in variables).map((name) => [name, variables[name]]))

  const queue: ExecutionResult[] = []
  let waiting: ((result: IteratorResult<ExecutionResult>) => void) | undefined
  let done = false
  let chain = Promise.resolve()
  const push = (result: ExecutionResult) => {
    if (done) return
    if (waiting) {
      const resolve = waiting
      waiting = undefined
      resolve({ value: result, done: false })
    } else queue.push(result)
  }
  const finish = () => {
    if (done) return
    done = true
    unsubscribe()
    waiting?.({ value: undefined, done: true })
    waiting = undefined
  }

  const query = print(args.document)
  const completeEvent = async (event: Event): Promise<ExecutionResult> => {
    const primaryService = options.dataSources[planned.primary.serviceName]!
    const answering: GraphQLDataSource = {
      process: async (request) =>
        request.request.query === planned.primary.operation ? { data: structuredClone(event.data ?? null), errors: event.errors as never } : primaryService.process(request as never),
    }
    const requestContext = { request: { query, variables, operationName: args.operationName ?? undefined }, context: {}, metrics: {}, logger, document: args.document, operationName: args.operationName } as unknown as GatewayRequestContext
    try {
      const result = await executeQueryPlan(planned.perEventPlan, { ...options.dataSources, [planned.primary.serviceName]: answering }, requestContext, planned.operationContext, planner.supergraphSchema, planner.apiSchema)
      return { data: result.data ?? null, ...(result.errors?.length ? { errors: result.errors } : {}) } as ExecutionResult
    } catch (error) {
      logger.error({ err: error }, 'federated subscription event failed')
      return { data: null, errors: [new GraphQLError('This event could not be completed.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] }
    }
  }

  const unsubscribe = upstream.subscribe<Record<string, unknown>>({ query: planned.primary.operation, variables: primaryVariables }, {
    // Events are completed in arrival order, one after the other, so the client sees them in order.
    next: (event) => {
      chain = chain.then(async () => push(await completeEvent(event)))
    },
    error: (error) => {
      logger.warn({ err: error, subgraph: planned.primary.serviceName }, 'upstream subscription failed')
      const message = error instanceof Error ? error.message : 'upstream subscription failed'
      chain = chain.then(() => {
        push({ errors: [new GraphQLError(`The ${planned.primary.serviceName} service ended the subscription: ${message}`, { extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: planned.primary.serviceName } })] })
        finish()
      })
    },
    complete: () => {
      chain = chain.then(finish)
    },
  })

  const stream: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const next = queue.shift()
      if (next) return { value: next, done: false }
      if (done) return { value: undefined, done: true }
      return new Promise((resolve) => (waiting = resolve))
    },
    async return() {
      finish()
      return { value: undefined, done: true }
    },
    async throw(error) {
      finish()
      throw error
    },
    [Symbol.asyncIterator]() {
      return stream
    },
  }
  return stream
}
