import type { PatientConnectionResolvers, SiteResolvers } from '../generated/graphql'
import { isUuid } from '../../../server-kit/ids'
import { decodeCursor, encodeCursor, pageSize } from '../../../server-kit/pagination'

export const MAX_PAGE_SIZE = 100

export const Site: SiteResolvers = {
  // Sites belong to the studies subgraph; this one only adds their subjects, so a reference is
  // all it needs (an unknown site simply has no patients here; a malformed id is no site at all).
  __resolveReference: (ref) => (isUuid(ref.id) ? { id: ref.id.toLowerCase() } : null),
  patients: (site, args, { loaders }) =>
    loaders.sitePatientsPage.load({
      siteId: site.id,
      status: args.status ?? null,
      first: pageSize(args.first, { fallback: 25, max: MAX_PAGE_SIZE }),
      after: args.after ? decodeCursor(args.after) : null,
    }),
}

export const PatientConnection: PatientConnectionResolvers = {
  edges: (page) => page.rows.map((node) => ({ cursor: encodeCursor(node.subjectNumber), node })),
  pageInfo: (page) => ({
    hasNextPage: page.hasNextPage,
    endCursor: page.rows.length ? encodeCursor(page.rows[page.rows.length - 1]!.subjectNumber) : null,
  }),
  totalCount: (page, _args, { loaders }) => loaders.sitePatientCount.load({ siteId: page.query.siteId, status: page.query.status }),
}
