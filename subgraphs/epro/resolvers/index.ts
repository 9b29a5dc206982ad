import type { Resolvers } from '../generated/graphql'
import { questionnaire, studyQuestionnaires } from './queryQuestionnaire'
import { Questionnaire } from './questionnaire'
import { EproSubmission } from './eproSubmission'
import { Patient } from './patient'
import { submitEproEntry } from './submitEproEntry'

export const resolvers: Resolvers = {
  Query: { questionnaire, studyQuestionnaires },
  Mutation: { submitEproEntry },
  Questionnaire,
  EproSubmission,
  Patient,
}
