import type { Resolvers } from '../generated/graphql'
import { site, studies, study, studyByProtocolId } from './queryStudies'
import { Study } from './study'
import { Site } from './site'
import { Mutation } from './mutationRoots'

export const resolvers: Resolvers = {
  Query: { studies, study, studyByProtocolId, site },
  Mutation,
  Study,
  Site,
}
