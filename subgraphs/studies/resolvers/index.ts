import type { Resolvers } from '../generated/graphql'
import { site, studies, study, studyByProtocolId } from './queryStudies'
import { Study } from './study'
import { Site } from './site'

export const resolvers: Resolvers = {
  Query: { studies, study, studyByProtocolId, site },
  Study,
  Site,
}
