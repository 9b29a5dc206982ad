import crypto from 'node:crypto'
import type { BusMessage } from '../../../subgraph-runtime/events/eventBus'
import type { EproPrisma } from '../data/prismaClient'
import { Prisma, type AdverseEventAlert } from '../generated/prisma/client'
import { insertAuditRow, jsonParameter } from '../data/auditRowStatement'
import type { AlertDetectedPayload } from '../data/alertEventPayload'
import { createdRow } from '../../../subgraph-runtime/audit/auditTrail'
import { systemActor } from '../../../subgraph-runtime/audit/auditActor'
import { currentTraceCarrier } from '../../../platform/telemetry/traceContext'

/**
 * Postgres channel that tells every epro instance an alert was stored: one per schema (databases
 * shared by several deployments stay apart), hashed to fit Postgres's 63-character names.
 */
export const alertStoredChannel = (schema: string) =>
  `epro_alert_stored_${crypto.createHash('md5').update(schema).digest('hex').slice(0, 16)}`

/**
 * Stores a detected alert once, whatever the number of deliveries: the alert's id is the event's,
 * so a redelivered event inserts nothing. Returns true when this delivery created it.
 *
 * Alerts are stored one at a time per database (a transaction-scoped advisory lock, taken before
 * the row draws its sequence), so they are committed in the order of their feed sequence even with
 * several epro instances consuming different partitions. Readers can then tail the feed by
 * sequence without ever skipping an alert that commits late. The commit also notifies every
 * instance, with the alert's sequence (alertNotifications.ts).
 *
 * The alert's creation is audited by the system (no user acted: the consumer did), with the event
 * id as request id — it leads back to the outbox event, and so to the diary entry and the request
 * that raised it. A redelivery inserts nothing, audits nothing and notifies nothing.
 *
 * One statement, so atomic on its own and one round trip on the alert path: lock, alert, audit
 * row and notification. The audit row's new value is the stored alert as Prisma would read it
 * (the same createdRow as every creation), with the sequence the insert drew.
 */
export async function storeAlertOnce(prisma: EproPrisma, message: BusMessage): Promise<boolean> {
  const p = message.payload as AlertDetectedPayload
  const storedAt = new Date()
  // The consumption's trace: the live push to CRCs continues it (see serveSubscriptions).
  const trace = currentTraceCarrier()
  const alert: Omit<AdverseEventAlert, 'traceContext'> = {
    id: p.alertId,
    sequence: 0n, // drawn by the insert; replaced in the audit row below
    patientId: p.patientId,
    siteId: p.siteId,
    studyId: p.studyId,
    submissionId: p.submissionId,
    rule: p.rule,
    severity: p.severity,
    ctcaeTerm: p.ctcaeTerm,
    ctcaeGrade: p.ctcaeGrade,
    observed: p.observed,
    threshold: p.threshold,
    summary: p.summary,
    detectedAt: new Date(p.detectedAt),
    storedAt,
    status: 'OPEN',
    acknowledgedBy: null,
    acknowledgedAt: null,
  }
  // Trace context is plumbing, not clinical data: the audit row has the trace id in its own column.
  const audit = createdRow(
    systemActor(`event:${message.id}`),
    { type: 'AdverseEventAlert', id: alert.id },
    alert,
    storedAt,
  )
  const [row] = await prisma.$queryRaw<{ stored: number }[]>`
    WITH lock AS (
      SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':adverse-event-alert-store'))
    ), alert AS (
      INSERT INTO adverse_event_alert (id, patient_id, site_id, study_id, submission_id, rule, severity, ctcae_term, ctcae_grade, observed, threshold, summary, detected_at, stored_at, trace_context)
      SELECT ${alert.id}::uuid, ${alert.patientId}::uuid, ${alert.siteId}::uuid, ${alert.studyId}::uuid, ${alert.submissionId}::uuid, ${alert.rule}::text, ${alert.severity}::"AlertSeverity",
        ${alert.ctcaeTerm}::text, ${alert.ctcaeGrade}::int, ${alert.observed}::float8, ${alert.threshold}::float8, ${alert.summary}::text,
        ${alert.detectedAt.toISOString()}::timestamptz, ${storedAt.toISOString()}::timestamptz, ${jsonParameter(trace)}::jsonb
      FROM lock
      ON CONFLICT DO NOTHING
      RETURNING sequence
    ), audit AS (
      ${insertAuditRow(audit, 'alert', Prisma.sql`${jsonParameter(audit.newValue)}::jsonb || jsonb_build_object('sequence', alert.sequence::text)`)}
    ), notified AS (
      SELECT pg_notify('epro_alert_stored_' || left(md5(current_schema()), 16), sequence::text) FROM alert
    )
    SELECT count(*)::int AS stored FROM notified`
  return row?.stored === 1
}
