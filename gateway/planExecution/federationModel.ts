import { Supergraph, type Schema } from '@apollo/federation-internals'
import { QueryPlanner, type QueryPlannerConfig } from '@apollo/query-planner'
import type { GraphQLSchema } from 'graphql'

/**
 * What the gateway derives from the supergraph document, built once per process and shared by
 * the query executor and the subscription planner. Building it (parsing and validating the
 * supergraph, extracting the API schema, the planner's graphs) takes a few hundred milliseconds;
 * each of them used to build its own.
 */
export interface FederationModel {
  /** The document it was built from (Apollo Server's schema listeners are handed it). */
  supergraphSdl: string
  /** The supergraph as graphql-js sees it (the executor reads join metadata from it). */
  supergraphSchema: GraphQLSchema
  /** The API schema: what clients query, in the federation model and as graphql-js sees it. */
  apiSchema: Schema
  apiGraphQLSchema: GraphQLSchema
  planner: QueryPlanner
}

/**
 * The planner's settings, for queries and subscriptions alike: each fetch node carries its
 * DocumentNode, where the data source looks up the @deadline of the fields it resolves.
 */
export const QUERY_PLANNER_CONFIG: QueryPlannerConfig = { exposeDocumentNodeInFetchNode: true }

export function buildFederationModel(supergraphSdl: string): FederationModel {
  // Validated (the default): a hand-edited supergraph fails at start-up, not on a request.
  const supergraph = Supergraph.build(supergraphSdl)
  const apiSchema = supergraph.apiSchema()
  return {
    supergraphSdl,
    supergraphSchema: supergraph.schema.toGraphQLJSSchema(),
    apiSchema,
    apiGraphQLSchema: apiSchema.toGraphQLJSSchema(),
    planner: new QueryPlanner(supergraph, QUERY_PLANNER_CONFIG),
  }
}
