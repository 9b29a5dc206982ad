import type { SiteResolvers } from '../generated/graphql'
import { isUuid } from '../../../server-kit/ids'

export const Site: SiteResolvers = {
  // Sites belong to the studies subgraph; this one only adds their staff, so a reference is all
  // it needs (an unknown site simply has no staff here; a malformed id is no site at all).
  __resolveReference: (ref) => (isUuid(ref.id) ? { id: ref.id.toLowerCase() } : null),
  staff: (site, args, { loaders }) => loaders.siteStaff.load({ siteId: site.id, role: args.role ?? null }),
}
