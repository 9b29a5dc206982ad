import type { GraphQLDataSource, ServiceMap } from '@apollo/gateway'
import type { DocumentNode, ExecutionResult } from 'graphql'
import pLimit from 'p-limit'
import type { Client } from 'graphql-ws'
import type { Logger } from '../../platform/logging/logger'
import type { PlannedSubscription, SubscriptionPlanner } from './subscriptionPlan'
import type { EventSink } from './sharedEventStreams'
import type { Identity } from '../../contracts/identity'
import { signGatewayAssertion } from '../../contracts/gatewayAssertion'
import { EVENT_TRACE_FIELD, WS_ASSERTION_FIELD } from '../../contracts/subscriptionWire'
import { inSpan, SpanKind, traceCarrierOf } from '../../platform/telemetry/traceContext'
import { subscriptionEventCompletion } from './subscriptionMetrics'
import { executePlan } from './planExecution'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import { appError } from '../../contracts/errors/errorRegistry'

/** Events of one stream completed concurrently; the rest wait their turn. */
const EVENTS_COMPLETED_AT_ONCE = 4

type Event = { data?: Record<string, unknown> | null; errors?: readonly unknown[]; extensions?: unknown }

export interface FederatedOperation {
  document: DocumentNode
  query: string
  operationName: string | undefined
  /** Coerced against the API schema. */
  variables: Record<string, unknown>
  planned: PlannedSubscription
  /** Whom the stream is for: vouched for on the upstream subscription and on every per-event fetch. */
  identity: Identity
}

/**
 * A federated subscription's event source: the primary operation streams events from the owning
 * subgraph over graphql-ws; for every event the gateway's own executor runs the plan
 * [primary, rest], with the primary answered from the event, so fields of other subgraphs (the
 * patient's subject number, site, CRC, labs) are filled. A failing event becomes errors in that
 * event, not a dropped stream. Events are completed a few at a time and delivered in arrival order.
 * Returns the function that unsubscribes upstream.
 */
export function openFederatedEvents(
  operation: FederatedOperation,
  context: {
    planner: SubscriptionPlanner
    upstream: Client
    dataSources: ServiceMap
    logger: Logger
    authKey: Uint8Array
  },
  sink: EventSink,
): () => void {
  const { planned, variables } = operation
  const { planner, logger } = context
  const primaryVariables = Object.fromEntries(
    (planned.primary.variableUsages ?? []).filter((name) => name in variables).map((name) => [name, variables[name]]),
  )
  /** Resolves once the latest event so far was handed on (or dropped): what the next one waits for. */
  let chain = Promise.resolve()
  let stopped = false
  // A burst of events (an alert storm) completes a few at a time, not all at once against the subgraphs.
  const completing = pLimit(EVENTS_COMPLETED_AT_ONCE)

  const completeEvent = async (event: Event): Promise<ExecutionResult> => {
    const primaryService = context.dataSources[planned.primary.serviceName]!
    const answering: GraphQLDataSource = {
      process: async (request) =>
        request.request.query === planned.primary.operation
          ? { data: structuredClone(event.data ?? null), errors: event.errors as never }
          : primaryService.process(request as never),
    }
    try {
      return await executePlan({
        compiled: planned.perEvent,
        services: { ...context.dataSources, [planned.primary.serviceName]: answering },
        supergraphSchema: planner.model.supergraphSchema,
        query: operation.query,
        variables,
        operationName: operation.operationName,
        document: operation.document,
        identity: operation.identity,
        logger,
      })
    } catch (error) {
      logger.error({ err: error }, 'federated subscription event failed')
      return { data: null, errors: [appError(ErrorCodes.INTERNAL_SERVER_ERROR, 'This event could not be completed.')] }
    }
  }

  let unsubscribe = () => {}
  const open = async () => {
    const extensions = {
      [WS_ASSERTION_FIELD]: await signGatewayAssertion(
        context.authKey,
        planned.primary.serviceName,
        operation.identity,
      ),
    }
    if (stopped) return
    unsubscribe = context.upstream.subscribe<Record<string, unknown>>(
      { query: planned.primary.operation, variables: primaryVariables, extensions },
      {
        next: (event) => {
          const arrived = performance.now()
          // In the trace of the event (the diary entry that raised the alert), sent by the subgraph.
          const parent = traceCarrierOf((event.extensions as Record<string, unknown> | undefined)?.[EVENT_TRACE_FIELD])
          // Completed as soon as it arrives, beside the events before it (an entry raises two alerts at
          // once: the second need not wait for the first's fetches), and handed on in arrival order:
          // each waits for the one before to be handed on. The limiter starts events in arrival order,
          // so the one waited for is always running or done.
          const before = chain
          let handedOn!: () => void
          chain = new Promise<void>((resolve) => (handedOn = resolve))
          void completing(() =>
            inSpan(
              'subscription event',
              {
                kind: SpanKind.CONSUMER,
                parent,
                attributes: {
                  'graphql.operation.name': operation.operationName ?? 'anonymous',
                  subgraph: planned.primary.serviceName,
                },
              },
              async () => {
                try {
                  const result = stopped ? undefined : await completeEvent(event)
                  await before
                  if (stopped || !result) return
                  sink.event(result)
                  const durationMs = performance.now() - arrived
                  subscriptionEventCompletion.observe(durationMs / 1000)
                  logger.info(
                    {
                      subgraph: planned.primary.serviceName,
                      operation: operation.operationName,
                      durationMs: Math.round(durationMs),
                      errors: result.errors?.length ?? 0,
                    },
                    'subscription event sent',
                  )
                } finally {
                  handedOn()
                }
              },
            ),
          )
        },
        error: (error) => {
          logger.warn({ err: error, subgraph: planned.primary.serviceName }, 'upstream subscription failed')
          const message = error instanceof Error ? error.message : 'upstream subscription failed'
          chain = chain.then(() => {
            sink.end({
              errors: [
                appError(
                  ErrorCodes.SERVICE_UNAVAILABLE,
                  `The ${planned.primary.serviceName} service ended the subscription (${message}); subscribe again with the cursor of the last event received to get what was missed, then live events.`,
                  { serviceName: planned.primary.serviceName },
                ),
              ],
            })
          })
        },
        complete: () => {
          chain = chain.then(() => sink.end())
        },
      },
    )
  }
  void open()

  return () => {
    stopped = true
    unsubscribe()
  }
}
