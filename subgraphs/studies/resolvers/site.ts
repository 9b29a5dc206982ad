import type { SiteResolvers } from '../generated/graphql'
import { isUuid } from '../../../server-kit/ids'

export const Site: SiteResolvers = {
  // Entity lookups from other subgraphs' plans; an unknown or malformed key resolves to null.
  __resolveReference: (ref, { loaders }) => (isUuid(ref.id) ? loaders.siteById.load(ref.id.toLowerCase()) : null),
  study: async (site, _args, { loaders }) => {
    const study = await loaders.studyById.load(site.studyId)
    // site.study_id is a foreign key to study, so a missing row is a broken database, not input.
    if (!study) throw new Error(`Site ${site.id} refers to missing study ${site.studyId}.`)
    return study
  },
}
