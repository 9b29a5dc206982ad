import type { Resolvers } from '../generated/graphql'
import { questionnaire, studyQuestionnaires } from './queryQuestionnaire'
import { Questionnaire } from './questionnaire'
import { EproSubmission } from './eproSubmission'
import { Patient } from './patient'

export const resolvers: Resolvers = {
  Query: { questionnaire, studyQuestionnaires },
  Questionnaire,
  EproSubmission,
  Patient,
}
