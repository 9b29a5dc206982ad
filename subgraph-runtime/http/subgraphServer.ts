import http from 'node:http'
import type { GraphQLSchema } from 'graphql'
import type { Express, RequestHandler } from 'express'
import type { NodeHandler } from '../../platform/http/nodeHandler'
import type { Identity } from '../../contracts/identity'
import { requireIdentityPlugin } from '../../platform/graphql/requireIdentity'
import { gatewayOnly } from './gatewayOnly'
import { serviceOnly } from './serviceOnly'
import { serveMetrics } from '../../platform/metrics/registry'
import { operationMetricsPlugin, operationObserver } from '../../platform/metrics/operationMetrics'
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server'
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled'
import type { Logger } from '../../platform/logging/logger'
import { maskUnexpectedErrors } from '../../platform/graphql/maskErrors'
import { reportAbandonedTransactions } from '../graphql/abandonedTransactions'
import { reportCancelledWork } from '../graphql/cancelledWork'
import { requestWorkMiddleware } from './requestWorkMiddleware'
import { serveSubscriptions } from './subscriptionServer'
import {
  createHttpApp,
  jsonErrorHandler,
  listen,
  sharedRequestHandlers,
  type RunningHttpServer,
} from '../../platform/http/httpApp'
import { graphqlRoute, isGraphqlPath } from './graphqlRoute'
import { cachedOperations } from '../graphql/cachedOperations'
import { closeGracefully } from '../../platform/http/gracefulClose'
import { createDrainState } from '../../platform/shutdown/drainState'
import type { ShutdownPhase } from '../../platform/shutdown/shutdownSequence'
import { shedOverload } from '../../platform/overload/shedOverload'
import type { LoadShedderSettings } from '../../platform/overload/loadShedder'

/**
 * A subgraph keeps an idle keep-alive connection 5 s. Its only client, the gateway's undici pool,
 * follows the `Keep-Alive: timeout=5` hint less its 2 s margin: it drops a socket idle for 3 s —
 * always before the subgraph would — so at shutdown every idle socket is closed by the gateway
 * itself within 3 s, and the subgraph never closes one under a request being written to it.
 */
const SUBGRAPH_KEEP_ALIVE_MS = 5000

export interface SubgraphServerOptions<TContext extends BaseContext> {
  name: string
  port: number
  host: string
  schema: GraphQLSchema
  logger: Logger
  /** Builds the per-request context (fresh DataLoaders for every request). */
  createContext: (input: { requestId: string; identity: Identity | null }) => Promise<TContext> | TContext
  /** Key of the gateway's assertions: only requests the gateway signed are answered. */
  authKey: Uint8Array
  /** Root fields an anonymous caller may use (signing in). */
  anonymousRootFields: readonly string[]
  /** Extra non-GraphQL routes, with the guards they may put in front of them. */
  routes?: (app: Express, tools: RouteTools) => void
  /** Throws when the subgraph cannot serve (e.g. its database is unreachable). */
  checkReady: () => Promise<void>
  bodyLimit?: string
  /** Extensions the context adds to every response (the users context's grants versions). */
  responseExtensions?: (context: TContext) => Record<string, unknown> | undefined
  /**
   * Extra Apollo plugins (test-only fault injection). With any, Apollo Server answers every
   * operation: the subgraph's own executor for known operations knows no plugins.
   */
  plugins?: ApolloServerPlugin<TContext>[]
  /** `apollo`: Apollo Server answers every operation (SUBGRAPH_EXECUTOR; to compare them). */
  executor: 'cached' | 'apollo'
  /** Runs just before the listener opens (the boot status server hands the port over). */
  beforeListen?: () => Promise<void> | undefined
  /** Adaptive load shedding of /graphql; undefined: none. */
  loadShedding?: LoadShedderSettings
  /** How long in-flight requests get to finish once the listener is closed. */
  drainGraceMs: number
  /** How long /ready answers 503 before the listener closes. */
  readinessDelayMs: number
}

export interface RouteTools {
  /** Admits only requests the gateway signed for this subgraph. */
  gatewayOnly: NodeHandler
  /** Admits only requests another subgraph signed for this one (never the gateway's). */
  serviceOnly: RequestHandler
  /** Aborted when the server starts draining: a held request answers now. */
  draining: AbortSignal
}

export interface RunningSubgraph {
  name: string
  url: string
  graphqlUrl: string
  port: number
  /** readiness → subscriptions → http; the caller appends its own (background work, database). */
  shutdownPhases: ShutdownPhase[]
}

/**
 * What a subgraph answers is patient data, or depends on who asks: nobody on the way may keep it.
 * The gateway reads this as a cache hint of max-age 0 (gateway/subgraphRequest.ts, cacheHintOf).
 */
const uncacheable: NodeHandler = (_req, res, next) => {
  res.setHeader('cache-control', 'no-store')
  next()
}

/** Apollo's way to the same response extensions the own executor adds. */
function responseExtensionsPlugin<TContext extends BaseContext>(
  extensionsOf: (context: TContext) => Record<string, unknown> | undefined,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const extensions = extensionsOf(contextValue)
          if (!extensions || response.body.kind !== 'single') return
          const result = response.body.singleResult
          result.extensions = { ...result.extensions, ...extensions }
        },
      }
    },
  }
}

/** Serves a federation subgraph at /graphql with /health (liveness) and /ready (dependencies). */
export async function startSubgraphServer<TContext extends BaseContext & { identity: Identity | null }>(
  options: SubgraphServerOptions<TContext>,
): Promise<RunningSubgraph> {
  const { name, logger } = options
  const httpOptions = { bodyLimit: options.bodyLimit ?? '1mb', logger }
  const app = createHttpApp(httpOptions)
  const drain = createDrainState()
  app.use(drain.middleware)
  const formatError = reportCancelledWork(reportAbandonedTransactions(maskUnexpectedErrors(logger), logger), logger)
  const responseExtensions = options.responseExtensions
  // Apollo Server's own default, set here once for it and for the own executor, which must agree.
  const introspection = process.env.NODE_ENV !== 'production'
  const apollo = new ApolloServer<TContext>({
    schema: options.schema,
    includeStacktraceInErrorResponses: false,
    introspection,
    formatError,
    // The process's shutdown sequence owns SIGTERM (platform/shutdown/processLifecycle.ts); Apollo's own
    // handler (on outside NODE_ENV=test) would close the listener before readiness has gone false.
    stopOnTerminationSignals: false,
    // No Apollo Studio traces (ftv1): nobody reads them here and they cost time on every request.
    // No cache-control plugin either: it wraps every resolver of every request to compute a cache
    // hint, and no subgraph declares one — every answer is uncacheable (the `uncacheable` handler on /graphql).
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      requireIdentityPlugin<TContext>(options.anonymousRootFields),
      operationMetricsPlugin<TContext>(name),
      ...(responseExtensions ? [responseExtensionsPlugin(responseExtensions)] : []),
      ...(options.plugins ?? []),
    ],
    logger,
  })
  await apollo.start()

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: name })
  })
  app.get('/ready', async (_req, res) => {
    if (drain.draining) {
      res.status(503).json({ status: 'draining', service: name })
      return
    }
    try {
      await options.checkReady()
      res.json({ status: 'ready', service: name })
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed')
      res.status(503).json({ status: 'unavailable', service: name, reason: (error as Error).message })
    }
  })
  serveMetrics(app)
  const onlyGateway = gatewayOnly(options.authKey, name)
  options.routes?.(app, {
    gatewayOnly: onlyGateway,
    serviceOnly: serviceOnly(options.authKey, name),
    draining: drain.signal,
  })
  const cached =
    options.executor === 'cached' && !options.plugins?.length
      ? cachedOperations<TContext>({
          schema: options.schema,
          introspection,
          anonymousRootFields: options.anonymousRootFields,
          formatError,
          responseExtensions,
          observe: operationObserver(name),
        })
      : undefined
  const serveGraphql = graphqlRoute<TContext>({
    handlers: [
      ...sharedRequestHandlers(httpOptions),
      drain.middleware,
      // First: a request refused for overload must cost nothing more (not even its assertion's check).
      ...(options.loadShedding ? [shedOverload(options.loadShedding)] : []),
      onlyGateway,
      uncacheable,
      requestWorkMiddleware(logger),
    ],
    apollo,
    cached,
    createContext: options.createContext,
    onError: jsonErrorHandler(logger),
  })
  // /graphql skips Express (graphqlRoute.ts); every other path is the Express app's.
  const server = http.createServer((req, res) => (isGraphqlPath(req.url) ? serveGraphql(req, res) : app(req, res)))
  app.use(jsonErrorHandler(logger))

  // Subscriptions (graphql-ws) on the same path as HTTP, for subgraphs whose schema has them.
  const subscriptions = options.schema.getSubscriptionType()
    ? serveSubscriptions({
        server,
        schema: options.schema,
        createContext: options.createContext,
        authKey: options.authKey,
        subgraph: name,
        logger,
      })
    : undefined

  let running: RunningHttpServer
  try {
    await options.beforeListen?.()
    running = await listen(server, options.port, options.host, SUBGRAPH_KEEP_ALIVE_MS)
  } catch (error) {
    await apollo.stop()
    throw error
  }
  logger.info({ url: `${running.url}/graphql` }, `${name} subgraph listening`)
  return {
    name,
    url: running.url,
    graphqlUrl: `${running.url}/graphql`,
    port: running.port,
    shutdownPhases: [
      drain.readinessPhase(options.readinessDelayMs),
      // Before the http phase, whose drain would end these upgraded sockets without a close frame.
      ...(subscriptions
        ? [{ name: 'subscriptions', run: (signal: AbortSignal) => subscriptions.dispose(signal) }]
        : []),
      {
        name: 'http',
        // Stops accepting, lets in-flight requests finish (Connection: close on each) and the
        // gateway drop its idle sockets (within a second: SUBGRAPH_KEEP_ALIVE_MS); after
        // drainGraceMs (what the shutdown bound leaves it) whatever is left is destroyed.
        run: async (signal: AbortSignal) => {
          await closeGracefully(server, {
            graceMs: options.drainGraceMs,
            idleCloseAfterMs: SUBGRAPH_KEEP_ALIVE_MS,
            signal,
          })
          await apollo.stop()
        },
        pending: () => `${drain.inFlight} HTTP request(s) in flight`,
      },
    ],
  }
}
