import type { FormData, Prisma } from '../generated/prisma/client'
import { auditRow, type AuditActor, type AuditEventInput } from '../../../subgraph-runtime/audit/auditTrail'

/**
 * A change to signed data invalidates the signatures covering it — the casebook's and the visit's —
 * visibly: the signature keeps its record and gains when and why it stopped holding (21 CFR 11.70:
 * a signature is linked to exactly the data signed; that data now differs).
 */
export async function invalidateSignatures(
  tx: Pick<Prisma.TransactionClient, 'signature'>,
  form: FormData,
  why: string,
  actor: AuditActor,
  at: Date,
  audit: AuditEventInput[],
): Promise<void> {
  const covering = await tx.signature.findMany({
    where: {
      invalidatedAt: null,
      OR: [
        { scope: 'CASEBOOK', targetId: form.patientId },
        { scope: 'VISIT', targetId: form.visitId },
      ],
    },
  })
  if (covering.length === 0) return
  await tx.signature.updateMany({
    where: { id: { in: covering.map((s) => s.id) }, invalidatedAt: null },
    data: { invalidatedAt: at, invalidatedReason: why },
  })
  for (const s of covering)
    audit.push(
      auditRow(actor, 'UPDATE', { type: 'Signature', id: s.id }, at, {
        field: 'status',
        oldValue: 'VALID',
        newValue: 'INVALIDATED',
        reasonForChange: why,
      }),
    )
}
