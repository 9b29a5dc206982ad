import type { SiteResolvers } from '../generated/graphql'
import { bareReference } from '../../../platform/ids'
import { mayReadSite } from '../../../access-policy/accessPolicy'
import { forbidden } from '../../../access-policy/forbidden'

export const Site: SiteResolvers = {
  // Sites belong to the studies subgraph; this one only adds their staff, so a reference is all
  // it needs (an unknown site simply has no staff here; a malformed id is no site at all).
  __resolveReference: bareReference,
  // A site's care team: for anyone with a role in the site's study (a patient: their own site).
  // A site no one here holds a role at has no staff to show.
  staff: async (site, args, { loaders, identity }) => {
    const studyId = await loaders.studyOfSite.load(site.id)
    if (studyId && !mayReadSite(identity, { studyId, siteId: site.id })) throw forbidden('site', site.id)
    return loaders.siteStaff.load({ siteId: site.id, role: args.role ?? null })
  },
}
