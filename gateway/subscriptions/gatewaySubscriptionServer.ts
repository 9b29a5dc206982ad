import type http from 'node:http'
import { type GraphQLError, getVariableValues, print, type OperationDefinitionNode } from 'graphql'
import { WebSocketServer } from 'ws'
import { useServer } from 'graphql-ws/use/ws'
import type { ServiceMap } from '@apollo/gateway'
import type { Logger } from '../../platform/logging/logger'
import { SubscriptionPlanner } from './subscriptionPlan'
import type { FederationModel } from '../planExecution/federationModel'
import { FORBIDDEN_CLOSE, LiveSessions } from './liveSessions'
import { UpstreamClients } from './upstreamClients'
import { openFederatedEvents } from './federatedEventStream'
import { resumesFromPosition } from './resumePosition'
import { SharedEventStreams } from './sharedEventStreams'
import type { SubscriberEndpoint } from './socketSubscriber'
import type { Authenticate } from '../auth/authenticate'
import type { GrantsVersions } from '../auth/grantsVersions'
import type { OperationLimits } from '../hardening/operationLimits'
import { subscriptionLimits } from './subscriptionLimits'
import { grantsKey, type Identity } from '../../contracts/identity'
import {
  registerSubscriptionGauges,
  slowSubscribersDropped,
  subscriptionEvents,
  subscriptionFrames,
} from './subscriptionMetrics'
import stableStringify from 'fast-json-stable-stringify'
import { closeSubscriptionSockets } from '../../platform/shutdown/closeSubscriptionSockets'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import { GatewayErrorCodes } from '../errorCodes'
import { appError } from '../../contracts/errors/errorRegistry'

/** What the gateway keeps per graphql-ws connection, beside the socket and request graphql-ws gives. */
type ConnectionState = {
  identity?: Identity
  /** The access token's exp claim, in seconds. */
  tokenExpiresAt?: number
  untrack?: () => void
} & Record<PropertyKey, unknown>

/**
 * Bytes of events a client may have waiting in the gateway (beyond what the kernel's socket buffer
 * took) before it counts as stalled and its subscription is ended: a few hundred alerts. Bounded
 * per client because each socket holds its own copy of what it has not yet taken.
 */
const CLIENT_BACKLOG_LIMIT_BYTES = 256 * 1024
/**
 * How long, and up to how many bytes of events, a stream resumed from a cursor stays open to
 * subscribers who resume from the same cursor (sharedEventStreams.ts): long enough for the clients
 * a restart disconnected to come back with graphql-ws's retry delays, and about the thousand alerts
 * epro replays at most.
 */
const REPLAY_WINDOW_MS = 60_000
const REPLAY_LIMIT_BYTES = 1024 * 1024

/**
 * graphql-ws on the gateway's /graphql (the same path as HTTP): federated subscriptions, planned
 * against the supergraph and completed across subgraphs per event, identical subscriptions
 * sharing one stream. Queries and mutations stay on HTTP, where deadlines and limits apply.
 */
export function serveFederatedSubscriptions(options: {
  server: http.Server
  /** The supergraph's schemas and planner, shared with the query executor. */
  model: FederationModel
  subgraphUrls: Map<string, string>
  dataSources: ServiceMap
  logger: Logger
  authKey: Uint8Array
  authenticate: Authenticate
  limits: OperationLimits
  /** Which of the given sign-in sessions have ended (asked every `sessionCheckIntervalMs` for those with live connections). */
  checkSessions: (sessionIds: string[]) => Promise<string[]>
  /** Users' grants versions: connections of a user whose roles changed close (liveSessions.ts). */
  grantsVersions: Pick<GrantsVersions, 'onChange' | 'isStale'>
  sessionCheckIntervalMs: number
  /** How long a socket may wait for its connection_init (GATEWAY_WS_INIT_TIMEOUT_MS); then 4408. */
  initTimeoutMs: number
  /** The rate limit on subscribe messages per connection (undefined: none); errors refuse the subscription. */
  admitSubscribe?: (connection: object) => Promise<readonly GraphQLError[] | undefined>
}) {
  const planner = new SubscriptionPlanner(options.model)
  const checkLimits = subscriptionLimits(options.model.apiGraphQLSchema, options.limits)
  const upstreams = new UpstreamClients(options.subgraphUrls, options.authKey)
  const streams = new SharedEventStreams({
    backlogLimitBytes: CLIENT_BACKLOG_LIMIT_BYTES,
    overflow: () => {
      slowSubscribersDropped.inc()
      return {
        errors: [
          appError(
            GatewayErrorCodes.SUBSCRIBER_TOO_SLOW,
            `More than ${CLIENT_BACKLOG_LIMIT_BYTES / 1024} KiB of events waited for this client; the subscription was ended. Resubscribe from the last cursor received.`,
          ),
        ],
      }
    },
    onEvent: (members) => {
      subscriptionEvents.inc()
      subscriptionFrames.inc(members)
    },
    replayLimitBytes: REPLAY_LIMIT_BYTES,
    replayWindowMs: REPLAY_WINDOW_MS,
  })
  const liveSessions = new LiveSessions({
    checkSessions: options.checkSessions,
    staleGrants: (userId, version) => options.grantsVersions.isStale(userId, version),
    checkIntervalMs: options.sessionCheckIntervalMs,
    logger: options.logger,
  })
  options.grantsVersions.onChange(({ userId, version }) => liveSessions.grantsChanged(userId, version))
  const wss = new WebSocketServer({ server: options.server, path: '/graphql' })
  const cleanup = useServer<Record<string, unknown> | undefined, ConnectionState>(
    {
      schema: options.model.apiGraphQLSchema,
      connectionInitWaitTimeout: options.initTimeoutMs,
      // The CRC app signs in over HTTP and opens the socket with { authorization: "Bearer <token>" }
      // in connection_init; no valid token (or an ended session's), no connection (closed with 4403).
      // The connection then lasts while the token is valid and the session live (liveSessions.ts).
      onConnect: async (ctx) => {
        try {
          const authorization = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization
          const caller = await options.authenticate(typeof authorization === 'string' ? authorization : undefined)
          if (!caller || !liveSessions.allows(caller.identity.sessionId, caller.expiresAt)) return false
          ctx.extra.identity = caller.identity
          ctx.extra.tokenExpiresAt = caller.expiresAt
          ctx.extra.untrack = liveSessions.add({
            sessionId: caller.identity.sessionId,
            userId: caller.identity.userId,
            grantsVersion: caller.grantsVersion,
            tokenExpiresAt: caller.expiresAt,
            close: (code, reason) => ctx.extra.socket.close(code, reason),
          })
          // graphql-ws calls onClose even for a socket closed while this handshake was still being
          // authenticated — before there was anything to untrack: stop tracking it now.
          if (ctx.extra.socket.readyState !== ctx.extra.socket.OPEN) {
            ctx.extra.untrack()
            return false
          }
          return true
        } catch (error) {
          options.logger.info({ reason: (error as Error).message }, 'graphql-ws connection refused')
          return false
        }
      },
      onClose: (ctx) => ctx.extra.untrack?.(),
      // The same operation limits as over HTTP, before anything is planned or opened upstream; the
      // document parsed and validated here is the one executed (the context comes from `context`).
      // The rate limit comes first: a refused subscribe message is not even parsed.
      onSubscribe: async (ctx, _id, payload) => {
        // Nothing new on a connection whose token expired or whose session ended, even in the
        // moment before it is closed.
        const { identity, tokenExpiresAt } = ctx.extra
        if (!identity || tokenExpiresAt === undefined || !liveSessions.allows(identity.sessionId, tokenExpiresAt)) {
          ctx.extra.socket.close(FORBIDDEN_CLOSE, 'Forbidden: the access token expired or the session ended')
          return [
            appError(
              ErrorCodes.UNAUTHENTICATED,
              'The access token has expired or the session has ended: reconnect with a fresh token.',
            ),
          ]
        }
        const refused = await options.admitSubscribe?.(ctx)
        if (refused) return refused
        const checked = checkLimits(payload.query)
        if ('errors' in checked) return checked.errors
        return {
          schema: options.model.apiGraphQLSchema,
          document: checked.document,
          operationName: payload.operationName,
          variableValues: payload.variables,
        }
      },
      // The socket and subscription id let the shared stream write events straight to the client.
      context: (ctx, id) => ({
        identity: ctx.extra.identity,
        endpoint: { socket: ctx.extra.socket, subscriptionId: id } satisfies SubscriberEndpoint,
      }),
      execute: () => ({
        errors: [
          appError(
            ErrorCodes.BAD_REQUEST,
            'Queries and mutations are served over HTTP POST at this URL; WebSocket is for subscriptions.',
          ),
        ],
      }),
      subscribe: (args) => {
        const { identity, endpoint } = args.contextValue as { identity: Identity; endpoint: SubscriberEndpoint }
        const operationName = args.operationName ?? undefined
        const definition = args.document.definitions.find(
          (d): d is OperationDefinitionNode =>
            d.kind === 'OperationDefinition' && (!operationName || d.name?.value === operationName),
        )!
        const coerced = getVariableValues(
          options.model.apiGraphQLSchema,
          definition.variableDefinitions ?? [],
          (args.variableValues ?? {}) as Record<string, unknown>,
        )
        if (coerced.errors) return { errors: coerced.errors }
        const query = print(args.document)
        const planned = planner.plan(args.document, query, operationName)
        const operation = {
          document: args.document,
          query,
          operationName,
          variables: coerced.coerced,
          planned,
          identity,
        }
        // Callers with the same roles see the same events: they share one stream. Never shared
        // across different grants, since what each may see differs.
        return streams.join(
          `${operationName ?? ''}\n${query}\n${stableStringify(coerced.coerced)}\n${grantsKey(identity.grants)}`,
          endpoint,
          { resumes: resumesFromPosition(options.model.apiGraphQLSchema, args.document, definition, coerced.coerced) },
          (sink) =>
            openFederatedEvents(
              operation,
              {
                planner,
                upstream: upstreams.for(planned.primary.serviceName),
                dataSources: options.dataSources,
                logger: options.logger,
                authKey: options.authKey,
              },
              sink,
            ),
        ) as never
      },
    },
    wss,
  )
  registerSubscriptionGauges({
    connections: () => wss.clients.size,
    subscriptions: () => streams.subscribers,
    upstreamStreams: () => streams.size,
  })
  return {
    connections: () => wss.clients.size,
    /** Clients first (close code 1001, so they reconnect to another gateway), then the upstream sockets. */
    async dispose(signal?: AbortSignal) {
      liveSessions.stop()
      await closeSubscriptionSockets(wss, cleanup.dispose, signal)
      await upstreams.dispose()
    },
  }
}
