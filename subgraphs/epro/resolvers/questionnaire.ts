import type { QuestionnaireResolvers } from '../generated/graphql'
import { isUuid } from '../../../server-kit/ids'

export const Questionnaire: QuestionnaireResolvers = {
  // Entity lookups from other subgraphs' plans; an unknown or malformed key resolves to null.
  __resolveReference: (ref, { loaders }) => (isUuid(ref.id) ? loaders.questionnaireById.load(ref.id.toLowerCase()) : null),
  study: (questionnaire) => ({ id: questionnaire.studyId }),
}
