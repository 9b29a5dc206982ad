import type http from 'node:http'
import { GraphQLError } from 'graphql'
import { WebSocketServer } from 'ws'
import { useServer } from 'graphql-ws/use/ws'
import type { ServiceMap } from '@apollo/gateway'
import type { Logger } from '../../server-kit/logger'
import { SubscriptionPlanner } from './subscriptionPlan'
import { UpstreamClients } from './upstreamClients'
import { federatedEventStream } from './federatedEventStream'

/**
 * graphql-ws on the gateway's /graphql (the same path as HTTP): federated subscriptions, planned
 * against the supergraph and completed across subgraphs per event. Queries and mutations stay on
 * HTTP, where deadlines and limits apply.
 */
export function serveFederatedSubscriptions(options: { server: http.Server; supergraphSdl: string; subgraphUrls: Map<string, string>; dataSources: ServiceMap; logger: Logger }) {
  const planner = new SubscriptionPlanner(options.supergraphSdl)
  const upstreams = new UpstreamClients(options.subgraphUrls)
  const wss = new WebSocketServer({ server: options.server, path: '/graphql' })
  const cleanup = useServer(
    {
      schema: planner.apiGraphQLSchema,
      execute: () => ({ errors: [new GraphQLError('Queries and mutations are served over HTTP POST at this URL; WebSocket is for subscriptions.', { extensions: { code: 'BAD_REQUEST' } })] }),
      subscribe: (args) => {
        const planned = planner.plan(args.document, args.operationName ?? undefined)
        return federatedEventStream({ args, planned, planner, upstream: upstreams.for(planned.primary.serviceName), dataSources: options.dataSources, logger: options.logger }) as never
      },
    },
    wss,
  )
  return {
    connections: () => wss.clients.size,
    async dispose() {
      await cleanup.dispose()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await upstreams.dispose()
    },
  }
}
