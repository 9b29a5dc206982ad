import type { QueryResolvers } from '../generated/graphql'
import { listDepots } from '../supply/kitRegistration'

export const Query: QueryResolvers = {
  depots: (_root, _args, context) => listDepots(context),
}
