import type { StudyResolvers } from '../generated/graphql'
import { isUuid } from '../../../server-kit/ids'

export const Study: StudyResolvers = {
  // Entity lookups from other subgraphs' plans; an unknown or malformed key resolves to null.
  __resolveReference: (ref, { loaders }) => (isUuid(ref.id) ? loaders.studyById.load(ref.id.toLowerCase()) : null),
  sites: (study, _args, { loaders }) => loaders.sitesByStudy.load(study.id),
}
