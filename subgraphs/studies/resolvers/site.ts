import type { SiteResolvers } from '../generated/graphql'
import { isUuid } from '../../../platform/ids'
import { mayReadAggregates } from '../../../access-policy/accessPolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { visibleSite } from './visibility'
import { enrollmentCounts } from './enrollmentCounts'

export const Site: SiteResolvers = {
  // Entity lookups from other subgraphs' plans; a malformed key resolves to null, a site the
  // caller may not see (or none) to null with FORBIDDEN.
  __resolveReference: async (ref, { loaders, identity }) =>
    isUuid(ref.id) ? visibleSite(await loaders.siteById.load(ref.id.toLowerCase()), identity, ref.id) : null,
  study: async (site, _args, { loaders }) => {
    const study = await loaders.studyById.load(site.studyId)
    // site.study_id is a foreign key to study, so a missing row is a broken database, not input.
    if (!study) throw new Error(`Site ${site.id} refers to missing study ${site.studyId}.`)
    return study
  },
  enrollment: (site, _args, { identity }) => {
    if (!mayReadAggregates(identity, { studyId: site.studyId, siteId: site.id }))
      throw forbidden("site's enrollment counts", site.id)
    return enrollmentCounts(site.enrollmentTarget, site)
  },
}
