import crypto from 'node:crypto'
import type http from 'node:http'
import { GraphQLError, type GraphQLSchema } from 'graphql'
import { WebSocketServer } from 'ws'
import { useServer } from 'graphql-ws/use/ws'
import type { Logger } from '../../platform/logging/logger'
import type { Identity } from '../../contracts/identity'
import { AssertionError } from '../../contracts/gatewayAssertion'
import { gatewayAssertionVerifier } from './assertionVerifier'
import { startHandOffSpan, type TraceCarrier } from '../../platform/telemetry/traceContext'
import { EVENT_TRACE_FIELD, WS_ASSERTION_FIELD } from '../../contracts/subscriptionWire'
import { closeSubscriptionSockets } from '../../platform/shutdown/closeSubscriptionSockets'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import { appError } from '../../contracts/errors/errorRegistry'

const EVENT_TRACE = Symbol('event trace')

/**
 * For a subscription's `resolve`: the trace the event being sent belongs to (e.g. the alert's
 * consumption). Its push is then a span of that trace, and the trace context goes to the gateway
 * in the event's `extensions.traceContext`, so the gateway's work on the event joins the trace.
 * Events of one subscription are resolved and sent one at a time, so one slot per context does.
 */
export function noteEventTrace(contextValue: unknown, carrier: TraceCarrier | null): void {
  if (contextValue && typeof contextValue === 'object') (contextValue as Record<symbol, unknown>)[EVENT_TRACE] = carrier
}

function withEventTrace<R extends { extensions?: Record<string, unknown> }>(contextValue: unknown, result: R): R {
  const slot =
    contextValue && typeof contextValue === 'object'
      ? (contextValue as Record<symbol, TraceCarrier | null | undefined>)
      : undefined
  const carrier = slot?.[EVENT_TRACE]
  if (!carrier) return result
  slot[EVENT_TRACE] = null
  const push = startHandOffSpan('subscription push', { parent: carrier })
  push.end()
  return push.carrier ? { ...result, extensions: { ...result.extensions, [EVENT_TRACE_FIELD]: push.carrier } } : result
}

/**
 * graphql-ws (the GraphQL over WebSocket protocol) on the server's /graphql path, for the gateway
 * only: the connection must open with a valid gateway assertion (else it is closed with 4403),
 * and each subscription carries the assertion of the user it is for — one shared connection
 * serves many users, so identity is per operation, checked before it starts. Each operation gets
 * a fresh context, like an HTTP request; unexpected errors reach the client as a generic
 * INTERNAL_SERVER_ERROR, details in the log.
 */
export function serveSubscriptions<TContext>(options: {
  server: http.Server
  schema: GraphQLSchema
  createContext: (input: { requestId: string; identity: Identity | null }) => Promise<TContext> | TContext
  authKey: Uint8Array
  subgraph: string
  logger: Logger
}): { dispose(signal?: AbortSignal): Promise<void> } {
  const { logger } = options
  const assertionOf = (holder: Record<string, unknown> | null | undefined) =>
    typeof holder?.[WS_ASSERTION_FIELD] === 'string' ? (holder[WS_ASSERTION_FIELD] as string) : undefined
  const verifyAssertion = gatewayAssertionVerifier(options.authKey, options.subgraph)
  const verify = (holder: Record<string, unknown> | null | undefined) => verifyAssertion(assertionOf(holder))
  const wss = new WebSocketServer({ server: options.server, path: '/graphql' })
  const cleanup = useServer(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        try {
          await verify(ctx.connectionParams)
          return true
        } catch {
          return false // graphql-ws closes with 4403 Forbidden
        }
      },
      onSubscribe: async (_ctx, _id, payload) => {
        try {
          const { identity } = await verify(payload.extensions)
          if (!identity)
            return [appError(ErrorCodes.UNAUTHENTICATED, 'Sign in first: subscriptions need a signed-in user.')]
          return undefined
        } catch (error) {
          return [
            appError(
              ErrorCodes.UNAUTHENTICATED,
              error instanceof AssertionError ? error.message : 'The gateway assertion could not be checked.',
            ),
          ]
        }
      },
      context: async (_ctx, _id, payload) =>
        options.createContext({
          requestId: crypto.randomUUID(),
          identity: (await verify(payload.extensions)).identity,
        }),
      onError: (_ctx, _id, _payload, errors) => {
        for (const error of errors) if (!error.extensions?.code) logger.error({ err: error }, 'subscription error')
      },
      onNext: (_ctx, _id, _payload, args, result) => {
        const traced = withEventTrace(args.contextValue, result)
        if (!traced.errors) return traced === result ? undefined : traced
        return {
          ...traced,
          errors: traced.errors.map((e) => {
            if (e.extensions?.code) return e.toJSON()
            logger.error({ err: e }, 'unexpected error in a subscription event')
            return new GraphQLError('Internal server error.', {
              path: e.path,
              extensions: { code: ErrorCodes.INTERNAL_SERVER_ERROR.code },
            }).toJSON()
          }),
        }
      },
    },
    wss,
  )
  return {
    dispose: (signal) => closeSubscriptionSockets(wss, cleanup.dispose, signal),
  }
}
