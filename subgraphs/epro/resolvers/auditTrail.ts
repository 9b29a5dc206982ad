import type { AdverseEventAlertResolvers, AuditEventResolvers, EproSubmissionResolvers } from '../generated/graphql'
import { auditEventFields } from '../../../subgraph-runtime/audit/auditEventFields'
import { auditTrailForbidden, mayReadAuditTrail } from '../../../access-policy/auditAccess'

// Audit trails of this context's records, for the study's data managers and monitors (21 CFR
// 11.10(e): the trail is available for review). Anyone else gets null with FORBIDDEN.

export const AuditEvent: AuditEventResolvers = {
  ...auditEventFields,
  // The users context resolves the person; null when no user acted (the system).
  actor: (event) => (event.actorUserId ? { id: event.actorUserId } : null),
}

export const submissionAuditTrail: EproSubmissionResolvers['auditTrail'] = async (
  submission,
  _args,
  { identity, loaders },
) => {
  // The entry's study and site are those of the patient's activation on its diary.
  const scope = await loaders.scopeOfSubmission.load({
    patientId: submission.patientId,
    questionnaireId: submission.questionnaireId,
  })
  if (!mayReadAuditTrail(identity, scope ? [scope] : [])) throw auditTrailForbidden()
  return loaders.auditTrail.load({ type: 'EproSubmission', id: submission.id })
}

export const alertAuditTrail: AdverseEventAlertResolvers['auditTrail'] = async (
  alert,
  _args,
  { identity, loaders },
) => {
  if (!mayReadAuditTrail(identity, [{ studyId: alert.studyId, siteId: alert.siteId }])) throw auditTrailForbidden()
  return loaders.auditTrail.load({ type: 'AdverseEventAlert', id: alert.id })
}
