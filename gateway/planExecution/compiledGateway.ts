import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface'
import type { FederationModel } from './federationModel'

type SchemaListener = Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0]

/**
 * What Apollo Server is handed as its gateway when the compiled executor runs: the API schema of
 * the federation model and the executor. @apollo/gateway's ApolloGateway would build the
 * supergraph, its API schema and a query planner once more only to have its executor replaced.
 * The supergraph is composed ahead of time and never changes while the process runs, so the
 * schema is announced once, on load.
 */
export function compiledGateway(options: { model: FederationModel; executor: GatewayExecutor }): GatewayInterface {
  const listeners = new Set<SchemaListener>()
  return {
    onSchemaLoadOrUpdate(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async load() {
      const schema = { apiSchema: options.model.apiGraphQLSchema, coreSupergraphSdl: options.model.supergraphSdl }
      for (const listener of listeners) listener(schema)
      return { executor: options.executor }
    },
    async stop() {
      listeners.clear()
    },
  }
}
