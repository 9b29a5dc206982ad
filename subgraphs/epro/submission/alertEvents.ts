import { uuidFromName } from '../../../server-kit/ids'
import type { RuleHit } from '../safety/safetyRules'

/** Kafka topic of detected adverse-event alerts (versioned: consumers read v1's payload). */
export const AE_ALERT_TOPIC = 'epro.ae-alerts.v1'
export const AE_ALERT_DETECTED = 'AdverseEventAlertDetected'

export interface AlertDetectedPayload {
  alertId: string
  patientId: string
  siteId: string
  studyId: string
  submissionId: string
  rule: RuleHit['rule']
  severity: RuleHit['severity']
  ctcaeTerm: string | null
  ctcaeGrade: number | null
  observed: number
  threshold: number
  summary: string
  detectedAt: string
}

/**
 * One outbox event per rule hit. The id derives from the submission and the hit, so the same
 * entry can never raise the same alert twice (a retried request writes nothing new; a redelivered
 * event stores nothing new).
 */
export function alertEvents(hits: RuleHit[], context: { submissionId: string; patientId: string; siteId: string; studyId: string; detectedAt: Date }) {
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
    return { id: alertId, topic: AE_ALERT_TOPIC, key: context.patientId, eventType: AE_ALERT_DETECTED, payload: { ...payload } }
  })
}
