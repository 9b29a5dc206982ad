// An adverse-event alert as the outbox stores it and Kafka carries it: written with the diary entry
// that raised it, read back by the relay and the alert consumer.

export type SafetyRule = 'PAIN_SEVERE' | 'PAIN_RISE_OVER_BASELINE' | 'SERIOUS_SYMPTOM'
/** How urgently a CRC must act. */
export type AlertSeverity = 'MODERATE' | 'SEVERE' | 'LIFE_THREATENING' | 'FATAL'

/** Kafka topic of detected adverse-event alerts (versioned: consumers read v1's payload). */
export const AE_ALERT_TOPIC = 'epro.ae-alerts.v1'
export const AE_ALERT_DETECTED = 'AdverseEventAlertDetected'

export interface AlertDetectedPayload {
  alertId: string
  patientId: string
  siteId: string
  studyId: string
  submissionId: string
  rule: SafetyRule
  severity: AlertSeverity
  ctcaeTerm: string | null
  ctcaeGrade: number | null
  observed: number
  threshold: number
  summary: string
  detectedAt: string
}
