import type { MutationResolvers } from '../generated/graphql'
import { emergencyUnblind } from '../unblinding/emergencyUnblind'

export const Mutation: MutationResolvers = {
  emergencyUnblind: (_root, { input }, context) => emergencyUnblind(input, context),
}
