import type { Resolvers } from '../generated/graphql'
import { questionnaire, studyQuestionnaires } from './queryQuestionnaire'
import { Questionnaire } from './questionnaire'
import { EproSubmission } from './eproSubmission'
import { Patient } from './patient'
import { submitEproEntry } from './submitEproEntry'
import { AdverseEventAlert, acknowledgeAdverseEventAlert, adverseEventAlertsQuery, adverseEventAlertsSubscription } from './adverseEventAlerts'

export const resolvers: Resolvers = {
  Query: { questionnaire, studyQuestionnaires, adverseEventAlerts: adverseEventAlertsQuery },
  Mutation: { submitEproEntry, acknowledgeAdverseEventAlert },
  Subscription: { adverseEventAlerts: adverseEventAlertsSubscription },
  AdverseEventAlert,
  Questionnaire,
  EproSubmission,
  Patient,
}
