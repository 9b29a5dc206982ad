import type { QueryResolvers } from '../generated/graphql'
import type { Questionnaire } from '../generated/prisma/client'
import type { Identity } from '../../../contracts/identity'
import { parseId } from '../../../platform/ids'
import { mayReadStudy } from '../../../access-policy/accessPolicy'
import { forbidden } from '../../../access-policy/forbidden'

// Questionnaires describe a study's diaries (no patient data): for anyone with a role in the study.
export const questionnaire: QueryResolvers['questionnaire'] = async (_parent, args, { loaders, identity }) => {
  const id = parseId(args.id)
  return visibleQuestionnaire(await loaders.questionnaireById.load(id), identity, id)
}

// A study with no diaries (or one this context has never heard of) simply has none: an empty list.
export const studyQuestionnaires: QueryResolvers['studyQuestionnaires'] = (_parent, args, { loaders, identity }) => {
  const studyId = parseId(args.studyId, 'studyId')
  if (!mayReadStudy(identity, studyId)) throw forbidden('study', studyId)
  return loaders.questionnairesByStudy.load(studyId)
}

export function visibleQuestionnaire(
  found: Questionnaire | null,
  identity: Identity | null,
  key: string,
): Questionnaire {
  if (!found || !mayReadStudy(identity, found.studyId)) throw forbidden('questionnaire', key)
  return found
}
