import type { Resolvers } from '../generated/graphql'
import { questionnaire, studyQuestionnaires } from './queryQuestionnaire'
import { Questionnaire } from './questionnaire'
import { EproSubmission } from './eproSubmission'
import { Patient } from './patient'
import { submitEproEntry } from './submitEproEntry'
import { AuditEvent, alertAuditTrail, submissionAuditTrail } from './auditTrail'
import {
  AdverseEventAlert,
  acknowledgeAdverseEventAlert,
  adverseEventAlertsQuery,
  adverseEventAlertsSubscription,
} from './adverseEventAlerts'

export const resolvers: Resolvers = {
  Query: { questionnaire, studyQuestionnaires, adverseEventAlerts: adverseEventAlertsQuery },
  Mutation: { submitEproEntry, acknowledgeAdverseEventAlert },
  Subscription: { adverseEventAlerts: adverseEventAlertsSubscription },
  // Audit trails are one concern across the entities: their resolvers live in auditTrail.ts.
  AdverseEventAlert: { ...AdverseEventAlert, auditTrail: alertAuditTrail },
  Questionnaire,
  EproSubmission: { ...EproSubmission, auditTrail: submissionAuditTrail },
  AuditEvent,
  Patient,
}
