import type { QueryResolvers } from '../generated/graphql'
import { parseId } from '../../../server-kit/ids'
import { notFound } from '../../../server-kit/errors'

export const questionnaire: QueryResolvers['questionnaire'] = async (_parent, args, { loaders }) => {
  const id = parseId(args.id)
  const found = await loaders.questionnaireById.load(id)
  if (!found) throw notFound('Questionnaire', 'id', id)
  return found
}

// A study with no diaries (or one this context has never heard of) simply has none: an empty list.
export const studyQuestionnaires: QueryResolvers['studyQuestionnaires'] = (_parent, args, { loaders }) =>
  loaders.questionnairesByStudy.load(parseId(args.studyId, 'studyId'))
