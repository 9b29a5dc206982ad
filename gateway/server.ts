import http from 'node:http'
import { ApolloGateway } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import type { GatewayInterface } from '@apollo/server-gateway-interface'
import { expressMiddleware } from '@as-integrations/express5'
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled'
import type { GatewayConfig } from './config'
import { loadSupergraph } from './supergraphFile'
import { SubgraphDataSource, type DataSourceOptions, type GatewayContext } from './subgraphDataSource'
import { createAssertionSigner } from './auth/assertionSigner'
import { EXPORT_DOWNLOAD_GATEWAY_PATH, EXPORT_DOWNLOAD_SUBGRAPH } from '../contracts/exportDownload'
import { exportDownloadRoute } from './exportDownloads'
import { sessionStatusClient } from './auth/sessionStatusClient'
import { grantsVersionsClient } from './auth/grantsVersionsClient'
import { GrantsVersions } from './auth/grantsVersions'
import { GRANTS_VERSIONS_SUBGRAPH, grantsChangesOf } from '../contracts/grantsVersions'
import { SESSION_STATUS_SUBGRAPH } from '../contracts/sessionStatus'
import { subscriptionOverHttpGuard } from './subscriptionOverHttpGuard'
import { csrfPrevention } from './graphqlOverHttp/csrfPrevention'
import { requestErrorStatus } from './graphqlOverHttp/requestErrorStatus'
import { overloadStatus } from './graphqlOverHttp/overloadStatus'
import { operationHardening } from './hardening/operationHardening'
import { refuseBatchedOperations } from './hardening/refuseBatchedOperations'
import { serveFederatedSubscriptions } from './subscriptions/gatewaySubscriptionServer'
import { serveMetrics } from '../platform/metrics/registry'
import { operationMetricsPlugin } from '../platform/metrics/operationMetrics'
import { createAccessTokenVerifier } from './auth/accessTokenVerifier'
import { authenticateRequests, bearerAuthentication } from './auth/authenticate'
import { assertionKey } from '../contracts/gatewayAssertion'
import type { Identity } from '../contracts/identity'
import { SIGN_IN_ROOT_FIELDS } from '../contracts/signInOperations'
import { requireIdentityPlugin } from '../platform/graphql/requireIdentity'
import { readFieldDeadlines } from './deadlines/fieldDeadlines'
import { requestDeadlineMiddleware } from './deadlines/requestDeadlineMiddleware'
import type { RequestDeadline } from './deadlines/requestBudget'
import { createReadinessProbe } from './readiness'
import { createLogger, type Logger } from '../platform/logging/logger'
import { maskUnexpectedErrors } from '../platform/graphql/maskErrors'
import { createHttpApp, jsonErrorHandler, listen } from '../platform/http/httpApp'
import { SubgraphResilience } from './resilience/subgraphResilience'
import { rateLimitPolicy } from './rateLimits/rateLimitPolicy'
import { rateLimitPlugin } from './rateLimits/rateLimitPlugin'
import { subscribeRateLimit } from './rateLimits/subscribeRateLimit'
import { createDrainState } from '../platform/shutdown/drainState'
import { drainGraceMs } from '../platform/shutdown/shutdownSettings'
import { CLOSE_HANDSHAKE_MS } from '../platform/shutdown/closeSubscriptionSockets'
import { closeGracefully } from '../platform/http/gracefulClose'
import { stopNow, type ShutdownPhase } from '../platform/shutdown/shutdownSequence'
import { serveWebApp } from './webApp/serveWebApp'
import { shedOverload } from '../platform/overload/shedOverload'
import { compiledExecutor } from './planExecution/compiledExecutor'
import { compiledGateway } from './planExecution/compiledGateway'
import { buildFederationModel, QUERY_PLANNER_CONFIG } from './planExecution/federationModel'

export interface RunningGateway {
  url: string
  graphqlUrl: string
  port: number
  /** readiness → subscriptions → http, run by the process on SIGTERM (platform/shutdown/processLifecycle.ts). */
  shutdownPhases: ShutdownPhase[]
  /** Runs the phases with no bound (in-process gateways in tests). */
  stop(): Promise<void>
}

/** Serves the statically composed supergraph at /graphql, with /health and /ready. */
export async function startGateway(
  config: GatewayConfig,
  logger: Logger = createLogger('gateway'),
): Promise<RunningGateway> {
  // @apollo/gateway reports usage to Apollo unless told not to; a clinical system phones home to no one.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true'
  const { sdl, subgraphs } = loadSupergraph(config.supergraphPath, config.subgraphUrls)
  const urls = new Map(subgraphs.map((s) => [s.name, s.url]))
  const fieldDeadlines = config.deadlines ? readFieldDeadlines(sdl) : undefined
  const authKey = assertionKey(config.auth.subgraphSecret)
  const assertions = createAssertionSigner(authKey)
  const dataSources: SubgraphDataSource[] = []
  const dataSource = (options: Omit<DataSourceOptions, 'logger' | 'assertions' | 'fallbackTimeoutMs'>) => {
    const source = new SubgraphDataSource({
      ...options,
      logger,
      assertions,
      fallbackTimeoutMs: config.subgraphTimeoutMs,
    })
    dataSources.push(source)
    return source
  }
  // One breaker per subgraph, shared by its query and subscription data sources.
  const resilience = new Map(subgraphs.map((s) => [s.name, new SubgraphResilience(s.name, config.resilience, logger)]))
  const grantsVersions = new GrantsVersions({
    fetchVersions: grantsVersionsClient(urls.get(GRANTS_VERSIONS_SUBGRAPH)!, assertions),
    freshMs: config.auth.grantsFreshMs,
  })
  const authenticate = bearerAuthentication(
    createAccessTokenVerifier({
      jwksUrl: config.auth.jwksUrl ?? defaultJwksUrl(urls),
      issuer: config.auth.issuer,
      audience: config.auth.audience,
    }),
    grantsVersions,
  )
  // The users context's answer to a grant or revocation names the versions it produced: learned
  // before the gateway answers, so this gateway refuses the holder's older tokens from the next request.
  const learnGrantsChanges = (extensions: Record<string, unknown>) => grantsVersions.learn(grantsChangesOf(extensions))
  // The supergraph's schemas and planner, built once for queries and subscriptions alike.
  const model = buildFederationModel(sdl)
  const querySource = (name: string, url: string) =>
    dataSource({
      serviceName: name,
      url,
      fieldDeadlines,
      resilience: resilience.get(name)!,
      onExtensions: name === GRANTS_VERSIONS_SUBGRAPH ? learnGrantsChanges : undefined,
    })
  const gateway: GatewayInterface =
    config.executor === 'compiled'
      ? compiledGateway({
          model,
          executor: compiledExecutor({
            model,
            services: Object.assign(
              Object.create(null) as Record<string, SubgraphDataSource>,
              Object.fromEntries(subgraphs.map(({ name, url }) => [name, querySource(name, url)])),
            ),
          }),
        })
      : new ApolloGateway({
          supergraphSdl: sdl,
          buildService: ({ name, url }) => querySource(name, urls.get(name) ?? url!),
          queryPlannerConfig: QUERY_PLANNER_CONFIG,
          logger,
        })

  const app = createHttpApp({ bodyLimit: config.bodyLimit, logger })
  app.set('trust proxy', config.trustProxy) // the client address the per-address rate limits use
  const rateLimits = config.rateLimits && rateLimitPolicy(config.rateLimits)
  const drain = createDrainState()
  app.use(drain.middleware)
  const server = http.createServer(app)
  const hardening = operationHardening(config.limits, { production: config.production })
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !config.production,
    // A GET or a "simple" POST (no preflight) needs a header a cross-site page cannot make a browser
    // send: the bearer token counts as one (graphqlOverHttp/csrfPrevention.ts says why). No batches
    // (Apollo Server's default, stated so that no one turns it on unknowingly).
    csrfPrevention,
    allowBatchedHttpRequests: false,
    parseOptions: hardening.parseOptions,
    validationRules: hardening.validationRules,
    includeStacktraceInErrorResponses: false,
    formatError: hardening.formatError(maskUnexpectedErrors(logger)),
    // The process's shutdown sequence owns SIGTERM (platform/shutdown/processLifecycle.ts); Apollo's own
    // handler would close the listener before readiness has gone false, then re-raise the signal.
    stopOnTerminationSignals: false,
    plugins: [
      subscriptionOverHttpGuard,
      requestErrorStatus,
      overloadStatus,
      requireIdentityPlugin<GatewayContext>(SIGN_IN_ROOT_FIELDS),
      ...(rateLimits ? [rateLimitPlugin(rateLimits)] : []),
      operationMetricsPlugin<GatewayContext>('gateway'),
      ...hardening.plugins,
      ...(config.production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
    logger,
  })
  await apollo.start()

  // Federated subscriptions over graphql-ws on the same path; their follow-up fetches use the same
  // kind of data source as queries.
  const subscriptionSources = Object.fromEntries(
    subgraphs.map(({ name, url }) => [name, dataSource({ serviceName: name, url, resilience: resilience.get(name)! })]),
  )
  const subscriptions = serveFederatedSubscriptions({
    server,
    model,
    subgraphUrls: urls,
    dataSources: subscriptionSources,
    logger,
    authKey,
    authenticate,
    limits: config.limits,
    checkSessions: sessionStatusClient(urls.get(SESSION_STATUS_SUBGRAPH)!, assertions),
    grantsVersions,
    sessionCheckIntervalMs: config.auth.sessionCheckIntervalMs,
    initTimeoutMs: config.auth.wsInitTimeoutMs,
    admitSubscribe: rateLimits && subscribeRateLimit(rateLimits),
  })

  const readiness = createReadinessProbe(subgraphs)
  serveMetrics(app)
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' })
  })
  app.get('/ready', async (_req, res) => {
    if (drain.draining) {
      res.status(503).json({ status: 'draining' })
      return
    }
    const report = await readiness()
    res.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'unavailable', ...report })
  })
  // Completed exports, by signed link (contracts/exportDownload.ts).
  app.get(
    `${EXPORT_DOWNLOAD_GATEWAY_PATH}/:token`,
    exportDownloadRoute(urls.get(EXPORT_DOWNLOAD_SUBGRAPH), assertions, logger),
  )
  app.use(
    '/graphql',
    // First: a request refused for overload must cost nothing more (no token check, no parse).
    ...(config.loadShedding ? [shedOverload(config.loadShedding)] : []),
    refuseBatchedOperations,
    authenticateRequests(authenticate),
    ...(config.deadlines ? [requestDeadlineMiddleware(config.requestDeadlineMs)] : []),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GatewayContext> => ({
        deadline: res.locals.deadline as RequestDeadline | undefined,
        identity: res.locals.identity as Identity | null,
        requestId: res.locals.requestId as string,
        clientIp: req.ip,
      }),
    }),
  )
  if (config.webRoot) serveWebApp(app, config.webRoot, logger)
  app.use(jsonErrorHandler(logger))

  const running = await listen(server, config.port, config.host).catch(async (error) => {
    await subscriptions.dispose()
    await apollo.stop()
    throw error
  })
  logger.info(
    {
      url: `${running.url}/graphql`,
      subgraphs: Object.fromEntries(urls),
      requestDeadlineMs: config.deadlines ? config.requestDeadlineMs : 'off',
      fieldDeadlines: fieldDeadlines?.size ?? 'off',
      executor: config.executor,
      rateLimits: rateLimits ? 'on' : 'off',
      loadShedding: config.loadShedding ? 'on' : 'off',
    },
    'gateway listening',
  )
  const shutdownPhases: ShutdownPhase[] = [
    drain.readinessPhase(config.shutdown.readinessDelayMs),
    // Clients get 1001 and reconnect elsewhere; the upstream sockets to the subgraphs then close
    // normally. Before the http phase, whose drain would end the upgraded sockets without a frame.
    { name: 'subscriptions', run: (signal) => subscriptions.dispose(signal) },
    // Stops accepting, lets in-flight operations finish (their subgraph fetches included, each
    // answer with Connection: close) and clients drop their idle sockets, then stops the gateway;
    // after the drain grace (what the shutdown bound leaves) whatever is left is destroyed.
    {
      name: 'http',
      run: async (signal) => {
        // Its clients (load balancers, apps) need not follow its keep-alive hint: idle sockets close at
        // once, as before; the readiness delay gave load balancers their time.
        await closeGracefully(server, {
          graceMs: drainGraceMs(config.shutdown, CLOSE_HANDSHAKE_MS),
          idleCloseAfterMs: 0,
          signal,
        })
        await apollo.stop()
      },
      pending: () => `${drain.inFlight} HTTP request(s) in flight`,
    },
    // Nothing is in flight any more: the keep-alive sockets to the subgraphs can go.
    {
      name: 'subgraph connections',
      run: async () => void (await Promise.all(dataSources.map((s) => s.closeConnections()))),
    },
  ]
  return {
    url: running.url,
    graphqlUrl: `${running.url}/graphql`,
    port: running.port,
    shutdownPhases,
    stop: () => stopNow(shutdownPhases, logger),
  }
}

/** The users subgraph publishes the access tokens' public keys next to its GraphQL endpoint. */
function defaultJwksUrl(urls: Map<string, string>): string {
  const users = urls.get('users')
  if (!users) throw new Error('AUTH_JWKS_URL is not set and the supergraph has no users subgraph to take it from.')
  return new URL('/.well-known/jwks.json', users).toString()
}
