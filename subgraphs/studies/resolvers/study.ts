import type { StudyResolvers } from '../generated/graphql'
import { isUuid } from '../../../platform/ids'
import { mayReadSite } from '../../../access-policy/accessPolicy'
import { visibleStudy } from './visibility'

export const Study: StudyResolvers = {
  // Entity lookups from other subgraphs' plans; a malformed key resolves to null, a study the
  // caller may not see (or none) to null with FORBIDDEN.
  __resolveReference: async (ref, { loaders, identity }) =>
    isUuid(ref.id) ? visibleStudy(await loaders.studyById.load(ref.id.toLowerCase()), identity, ref.id) : null,
  // Only the sites the caller may see (a patient: their own).
  sites: async (study, _args, { loaders, identity }) =>
    (await loaders.sitesByStudy.load(study.id)).filter((site) =>
      mayReadSite(identity, { studyId: site.studyId, siteId: site.id }),
    ),
}
