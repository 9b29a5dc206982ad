import http from 'node:http'
import { ApolloGateway } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import { expressMiddleware } from '@as-integrations/express5'
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer'
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled'
import type { GatewayConfig } from './config'
import { loadSupergraph } from './supergraphFile'
import { SubgraphDataSource, type GatewayContext } from './subgraphDataSource'
import { subscriptionOverHttpGuard } from './subscriptionOverHttpGuard'
import { serveFederatedSubscriptions } from './subscriptions/gatewaySubscriptionServer'
import { serveMetrics } from './metrics/registry'
import { readFieldDeadlines } from './deadlines/fieldDeadlines'
import { requestDeadlineMiddleware } from './deadlines/requestDeadlineMiddleware'
import type { RequestDeadline } from './deadlines/requestBudget'
import { createReadinessProbe } from './readiness'
import { createLogger, type Logger } from '../server-kit/logger'
import { maskUnexpectedErrors } from '../server-kit/graphql/maskErrors'
import { createHttpApp, jsonErrorHandler, listen } from '../server-kit/http/httpApp'

export interface RunningGateway {
  url: string
  graphqlUrl: string
  port: number
  stop(): Promise<void>
}

/** Serves the statically composed supergraph at /graphql, with /health and /ready. */
export async function startGateway(config: GatewayConfig, logger: Logger = createLogger('gateway')): Promise<RunningGateway> {
  // @apollo/gateway reports usage to Apollo unless told not to; a clinical system phones home to no one.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true'
  const { sdl, subgraphs } = loadSupergraph(config.supergraphPath, config.subgraphUrls)
  const urls = new Map(subgraphs.map((s) => [s.name, s.url]))
  const fieldDeadlines = config.deadlines ? readFieldDeadlines(sdl) : undefined
  const gateway = new ApolloGateway({
    supergraphSdl: sdl,
    buildService: ({ name, url }) =>
      new SubgraphDataSource({ serviceName: name, url: urls.get(name) ?? url!, logger, fieldDeadlines, fallbackTimeoutMs: config.subgraphTimeoutMs }),
    // Hands each fetch's DocumentNode to the data source, where its @deadline is looked up.
    queryPlannerConfig: { exposeDocumentNodeInFetchNode: true },
    logger,
  })

  const app = createHttpApp({ bodyLimit: config.bodyLimit })
  const server = http.createServer(app)
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    formatError: maskUnexpectedErrors(logger),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: server }), subscriptionOverHttpGuard, ...(config.production ? [ApolloServerPluginLandingPageDisabled()] : [])],
    logger,
  })
  await apollo.start()

  // Federated subscriptions over graphql-ws on the same path; their follow-up fetches use the same
  // kind of data source as queries.
  const subscriptionSources = Object.fromEntries(
    subgraphs.map(({ name, url }) => [name, new SubgraphDataSource({ serviceName: name, url, logger, fallbackTimeoutMs: config.subgraphTimeoutMs })]),
  )
  const subscriptions = serveFederatedSubscriptions({ server, supergraphSdl: sdl, subgraphUrls: urls, dataSources: subscriptionSources, logger })

  const readiness = createReadinessProbe(subgraphs)
  serveMetrics(app)
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' })
  })
  app.get('/ready', async (_req, res) => {
    const report = await readiness()
    res.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'unavailable', ...report })
  })
  app.use(
    '/graphql',
    ...(config.deadlines ? [requestDeadlineMiddleware(config.requestDeadlineMs)] : []),
    expressMiddleware(apollo, { context: async ({ res }): Promise<GatewayContext> => ({ deadline: res.locals.deadline as RequestDeadline | undefined }) }),
  )
  app.use(jsonErrorHandler(logger))

  const running = await listen(server, config.port, config.host).catch(async (error) => {
    await subscriptions.dispose()
    await apollo.stop()
    throw error
  })
  logger.info(
    { url: `${running.url}/graphql`, subgraphs: Object.fromEntries(urls), requestDeadlineMs: config.deadlines ? config.requestDeadlineMs : 'off', fieldDeadlines: fieldDeadlines?.size ?? 'off' },
    'gateway listening',
  )
  return {
    url: running.url,
    graphqlUrl: `${running.url}/graphql`,
    port: running.port,
    async stop() {
      await subscriptions.dispose() // graphql-ws clients are told to reconnect elsewhere
      await apollo.stop()
      await running.close().catch(() => {})
    },
  }
}
