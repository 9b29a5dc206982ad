import http from 'node:http'
import type { GraphQLSchema } from 'graphql'
import type { Express } from 'express'
import type { Identity } from '../auth/identity'
import { requireIdentityPlugin } from '../graphql/requireIdentity'
import { gatewayOnly } from './gatewayOnly'
import { serveMetrics } from '../metrics/registry'
import { operationMetricsPlugin } from '../metrics/operationMetrics'
import { requestLogPlugin } from '../logging/requestLogPlugin'
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server'
import { expressMiddleware } from '@as-integrations/express5'
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer'
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled'
import type { Logger } from '../logger'
import { maskUnexpectedErrors } from '../graphql/maskErrors'
import { requestWorkMiddleware } from './requestWorkMiddleware'
import { serveSubscriptions } from './subscriptionServer'
import { createHttpApp, jsonErrorHandler, listen, type RunningHttpServer } from './httpApp'

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
  /** Extra non-GraphQL routes. */
  routes?: (app: Express) => void
  /** Throws when the subgraph cannot serve (e.g. its database is unreachable). */
  checkReady: () => Promise<void>
  bodyLimit?: string
  /** Extra Apollo plugins (test-only fault injection). */
  plugins?: ApolloServerPlugin<TContext>[]
}

export interface RunningSubgraph {
  name: string
  url: string
  graphqlUrl: string
  port: number
  stop(): Promise<void>
}

/** Serves a federation subgraph at /graphql with /health (liveness) and /ready (dependencies). */
export async function startSubgraphServer<TContext extends BaseContext & { identity: Identity | null }>(options: SubgraphServerOptions<TContext>): Promise<RunningSubgraph> {
  const { name, logger } = options
  const app = createHttpApp({ bodyLimit: options.bodyLimit ?? '1mb', logger })
  const server = http.createServer(app)
  const apollo = new ApolloServer<TContext>({
    schema: options.schema,
    includeStacktraceInErrorResponses: false,
    formatError: maskUnexpectedErrors(logger),
        // No Apollo Studio traces (ftv1): nobody reads them here and they cost time on every request.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      requireIdentityPlugin<TContext>(options.anonymousRootFields),
      operationMetricsPlugin<TContext>(name),
      requestLogPlugin<TContext>(),
      ...(options.plugins ?? []),
    ],
    logger,
  })
  await apollo.start()

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: name })
  })
  app.get('/ready', async (_req, res) => {
    try {
      await options.checkReady()
      res.json({ status: 'ready', service: name })
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed')
      res.status(503).json({ status: 'unavailable', service: name, reason: (error as Error).message })
    }
  })
  serveMetrics(app)
  options.routes?.(app)
  app.use(
    '/graphql',
    gatewayOnly(options.authKey, name),
    requestWorkMiddleware(logger),
    expressMiddleware(apollo, {
      context: async ({ res }) => options.createContext({ requestId: res.locals.requestId as string, identity: res.locals.identity as Identity | null }),
    }),
  )
  app.use(jsonErrorHandler(logger))

  // Subscriptions (graphql-ws) on the same path as HTTP, for subgraphs whose schema has them.
  const subscriptions = options.schema.getSubscriptionType() ? serveSubscriptions({ server, schema: options.schema, createContext: options.createContext, authKey: options.authKey, subgraph: name, logger }) : undefined

  let running: RunningHttpServer
  try {
    running = await listen(server, options.port, options.host)
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
    async stop() {
      await subscriptions?.dispose() // completes every subscription so clients can reconnect elsewhere
      await apollo.stop() // drains in-flight requests, then closes the HTTP server
      await running.close().catch(() => {})
    },
  }
}
