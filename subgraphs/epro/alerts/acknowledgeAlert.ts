import type { AdverseEventAlert } from '../generated/prisma/client'
import type { EproPrisma } from '../data/prismaClient'
import { auditUpdated, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'

/** The fields an acknowledgement changes, audited one row each. */
const ACKNOWLEDGEMENT_FIELDS = ['status', 'acknowledgedBy', 'acknowledgedAt'] as const

/**
 * A CRC acknowledges an alert: it stops being open, and records who and when. Only an open alert
 * changes — acknowledging twice keeps the first acknowledgement, and the second writes nothing to
 * the audit trail either. The change and its audit rows (one per changed field, old and new value,
 * 21 CFR 11.10(e)) commit in one transaction. `allowed` decides on the row this transaction read;
 * null when there is no such alert or the caller may not acknowledge it (the same answer).
 */
export async function acknowledgeAlert(
  prisma: EproPrisma,
  change: { alertId: string; acknowledgedBy: string; at: Date },
  actor: AuditActor,
  allowed: (alert: AdverseEventAlert) => boolean,
): Promise<AdverseEventAlert | null> {
  const { alertId, acknowledgedBy, at } = change
  return prisma.$transaction(async (tx) => {
    const before = await tx.adverseEventAlert.findUnique({ where: { id: alertId } })
    if (!before || !allowed(before)) return null
    if (before.status !== 'OPEN') return before
    // Guarded on OPEN: of two concurrent acknowledgements, the second blocks on the row, then
    // matches nothing, and returns the first one's result without auditing anything.
    const { count } = await tx.adverseEventAlert.updateMany({
      where: { id: alertId, status: 'OPEN' },
      data: { status: 'ACKNOWLEDGED', acknowledgedBy, acknowledgedAt: at },
    })
    const after = await tx.adverseEventAlert.findUniqueOrThrow({ where: { id: alertId } })
    if (count === 1)
      await auditUpdated(
        tx,
        actor,
        { type: 'AdverseEventAlert', id: alertId },
        { before, after, fields: ACKNOWLEDGEMENT_FIELDS },
        at,
      )
    return after
  })
}
