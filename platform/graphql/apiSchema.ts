import { Supergraph } from '@apollo/federation-internals'
import type { GraphQLSchema } from 'graphql'

/** The schema clients see: the supergraph without federation's join/link machinery. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema()
}
