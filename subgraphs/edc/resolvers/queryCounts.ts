import type { SiteResolvers, StudyResolvers } from '../generated/graphql'
import { mayReadAggregates } from '../../../access-policy/accessPolicy'
import { mayReadStudyQueryCounts } from '../../../access-policy/dataCapturePolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { noQueries } from '../data/queryLoaders'
import { bareReference } from '../../../platform/ids'

// Sites and studies belong to the studies context; this one adds the data-query backlog of each.
export const Site: SiteResolvers = {
  __resolveReference: bareReference,
  dataQueryCounts: async (site, _args, { loaders, identity }) => {
    const known = await loaders.queryCountsBySite.load(site.id)
    // A site this context has no subject of has no queries: nothing to count, nothing to protect.
    if (!known) return noQueries()
    if (!mayReadAggregates(identity, { studyId: known.studyId, siteId: site.id }))
      throw forbidden("site's query counts", site.id)
    return known.counts
  },
}

export const Study: StudyResolvers = {
  __resolveReference: bareReference,
  dataQueryCounts: (study, _args, { loaders, identity }) => {
    if (!mayReadStudyQueryCounts(identity, study.id)) throw forbidden("study's query counts", study.id)
    return loaders.queryCountsByStudy.load(study.id)
  },
}
