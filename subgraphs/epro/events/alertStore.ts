import crypto from 'node:crypto'
import type { BusMessage } from '../../../server-kit/events/eventBus'
import type { EproPrisma } from '../data/prismaClient'
import type { AlertDetectedPayload } from '../submission/alertEvents'
import { auditCreated } from '../../../server-kit/audit/auditTrail'
import { systemActor } from '../../../server-kit/audit/auditActor'
import { currentTraceCarrier } from '../../../server-kit/telemetry/traceContext'

/**
 * Postgres channel that tells every epro instance an alert was stored: one per schema (databases
 * shared by several deployments stay apart), hashed to fit Postgres's 63-character names.
 */
export const alertStoredChannel = (schema: string) => `epro_alert_stored_${crypto.createHash('md5').update(schema).digest('hex').slice(0, 16)}`

/**
 * Stores a detected alert once, whatever the number of deliveries: the alert's id is the event's,
 * so a redelivered event inserts nothing. Returns true when this delivery created it.
 *
 * Alerts are stored one at a time per database (a transaction-scoped advisory lock), so they are
 * committed in the order of their feed sequence even with several epro instances consuming
 * different partitions. Readers can then tail the feed by sequence without ever skipping an alert
 * that commits late. Alerts are rare next to diary entries, so the serialisation costs nothing
 * that matters. The commit also notifies the other instances (alertNotifications.ts).
 *
 * The alert's creation is audited in the same transaction, by the system (no user acted: the
 * consumer did), with the event id as request id — it leads back to the outbox event, and so to
 * the diary entry and the request that raised it. A redelivery inserts nothing and audits nothing.
 */
export async function storeAlertOnce(prisma: EproPrisma, message: BusMessage): Promise<boolean> {
  const p = message.payload as AlertDetectedPayload
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':adverse-event-alert-store'))`
    const [alert] = await tx.adverseEventAlert.createManyAndReturn({
      data: [
        {
          id: p.alertId,
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
          // The consumption's trace: the live push to CRCs continues it (see serveSubscriptions).
          traceContext: currentTraceCarrier() ?? undefined,
        },
      ],
      skipDuplicates: true,
    })
    if (!alert) return false
    // Trace context is plumbing, not clinical data: the audit row has the trace id in its own column.
    const { traceContext: _plumbing, ...recorded } = alert
    await auditCreated(tx, systemActor(`event:${message.id}`), { type: 'AdverseEventAlert', id: alert.id }, recorded, alert.storedAt)
    await tx.$executeRaw`SELECT pg_notify('epro_alert_stored_' || left(md5(current_schema()), 16), '')`
    return true
  })
}
