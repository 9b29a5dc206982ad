// An adverse-event alert as the outbox stores it and Kafka carries it: written with the diary entry
// that raised it, read back by the relay and the alert consumer.

export type SafetyRule = 'PAIN_SEVERE' | 'PAIN_RISE_OVER_BASELINE' | 'SERIOUS_SYMPTOM'
/** How urgently a CRC must act. */
export type AlertSeverity = 'MODERATE' | 'SEVERE' | 'LIFE_THREATENING' | 'FATAL'

/** Kafka topic of detected adverse-event alerts (versioned: consumers read v1's payload). */
export const AE_ALERT_TOPIC = 'epro.ae-alerts.v1'
export const AE_ALERT_DETECTED = 'AdverseEventAlertDetected'

/** What a safety rule found in an entry (safety/safetyRules.ts), as an alert records it. */
export interface RuleHit {
  rule: SafetyRule
  severity: AlertSeverity
  ctcaeTerm: string | null
  ctcaeGrade: number | null
  /** What the entry showed: the pain score, the rise over baseline, or the CTCAE grade. */
  observed: number
  /** The study's threshold that `observed` reached. */
  threshold: number
  /** One line a CRC understands; never names the patient. */
  summary: string
}

export interface AlertDetectedPayload extends RuleHit {
  alertId: string
  patientId: string
  siteId: string
  studyId: string
  submissionId: string
  detectedAt: string
}
