import type { PatientConnectionResolvers, SiteResolvers } from '../generated/graphql'
import { bareReference } from '../../../platform/ids'
import { decodeCursor, encodeCursor, pageSize } from '../../../platform/pagination'
import { mayWatchSite } from '../../../access-policy/accessPolicy'
import { forbidden } from '../../../access-policy/forbidden'

export const MAX_PAGE_SIZE = 100

export const Site: SiteResolvers = {
  // Sites belong to the studies subgraph; this one only adds their subjects, so a reference is
  // all it needs (an unknown site simply has no patients here; a malformed id is no site at all).
  __resolveReference: bareReference,
  // A site's patient list is for its staff and the study's (not sponsors: aggregates only; not
  // patients). A site this context has no subject of has nothing to show anyone.
  patients: async (site, args, { loaders, identity }) => {
    // Arguments first: a bad page size is refused before any SQL.
    const query = {
      siteId: site.id,
      status: args.status ?? null,
      first: pageSize(args.first, { fallback: 25, max: MAX_PAGE_SIZE }),
      after: args.after ? decodeCursor(args.after) : null,
    }
    const studyId = await loaders.studyOfSite.load(site.id)
    if (studyId && !mayWatchSite(identity, { studyId, siteId: site.id }))
      throw forbidden("site's patient list", site.id)
    return loaders.sitePatientsPage.load(query)
  },
}

export const PatientConnection: PatientConnectionResolvers = {
  edges: (page) => page.rows.map((node) => ({ cursor: encodeCursor(node.subjectNumber), node })),
  pageInfo: (page) => ({
    hasNextPage: page.hasNextPage,
    endCursor: page.rows.length ? encodeCursor(page.rows[page.rows.length - 1]!.subjectNumber) : null,
  }),
  totalCount: (page, _args, { loaders }) =>
    loaders.sitePatientCount.load({ siteId: page.query.siteId, status: page.query.status }),
}
