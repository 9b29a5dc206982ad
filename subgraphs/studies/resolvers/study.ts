import type { StudyResolvers } from '../generated/graphql'
import { isUuid } from '../../../platform/ids'
import { mayReadSite, mayReadStudyAggregates } from '../../../access-policy/accessPolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { visibleStudy } from './visibility'
import { enrollmentCounts } from './enrollmentCounts'

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
  // The protocol's design is part of the study's description (whoever reads the study reads it).
  arms: (study, _args, { loaders }) => loaders.armsByStudy.load(study.id),
  visitSchedule: (study, _args, { loaders }) => loaders.visitScheduleByStudy.load(study.id),
  eligibilityCriteria: (study, _args, { loaders }) => loaders.criteriaByStudy.load(study.id),
  enrollment: (study, _args, { identity }) => {
    if (!mayReadStudyAggregates(identity, study.id)) throw forbidden("study's enrollment counts", study.id)
    return enrollmentCounts(study.plannedEnrollment, study)
  },
}
