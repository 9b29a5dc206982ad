import { uuidFromName } from '../../../platform/ids'
import { AE_ALERT_DETECTED, AE_ALERT_TOPIC, type AlertDetectedPayload, type RuleHit } from '../data/alertEventPayload'

/**
 * One outbox event per rule hit. The id derives from the submission and the hit, so the same
 * entry can never raise the same alert twice (a retried request writes nothing new; a redelivered
 * event stores nothing new).
 */
export function alertEvents(
  hits: RuleHit[],
  context: { submissionId: string; patientId: string; siteId: string; studyId: string; detectedAt: Date },
) {
  return hits.map((hit) => {
    const alertId = uuidFromName(`ae-alert:${context.submissionId}:${hit.rule}:${hit.ctcaeTerm ?? ''}`)
    const payload: AlertDetectedPayload = {
      alertId,
      patientId: context.patientId,
      siteId: context.siteId,
      studyId: context.studyId,
      submissionId: context.submissionId,
      rule: hit.rule,
      severity: hit.severity,
      ctcaeTerm: hit.ctcaeTerm,
      ctcaeGrade: hit.ctcaeGrade,
      observed: hit.observed,
      threshold: hit.threshold,
      summary: hit.summary,
      detectedAt: context.detectedAt.toISOString(),
    }
    return {
      id: alertId,
      topic: AE_ALERT_TOPIC,
      key: context.patientId,
      eventType: AE_ALERT_DETECTED,
      payload: { ...payload },
    }
  })
}
