import type { QuestionnaireResolvers } from '../generated/graphql'
import { isUuid } from '../../../platform/ids'
import { visibleQuestionnaire } from './queryQuestionnaire'

export const Questionnaire: QuestionnaireResolvers = {
  // Entity lookups from other subgraphs' plans; a malformed key resolves to null; a questionnaire
  // of a study the caller has no role in (or none): FORBIDDEN.
  __resolveReference: async (ref, { loaders, identity }) =>
    isUuid(ref.id)
      ? visibleQuestionnaire(await loaders.questionnaireById.load(ref.id.toLowerCase()), identity, ref.id)
      : null,
  study: (questionnaire) => ({ id: questionnaire.studyId }),
}
