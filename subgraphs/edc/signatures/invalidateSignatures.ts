import type { FormData, Prisma, Signature } from '../generated/prisma/client'
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
): Promise<Signature[]> {
  // All the patient's signatures, newest first (what Form.status reads), not only the covering ones:
  // the answer to the save is built from this list, as it stands after the change.
  const signatures = await tx.signature.findMany({
    where: { patientId: form.patientId },
    orderBy: { signedAt: 'desc' },
  })
  const covering = signatures.filter(
    (s) =>
      s.invalidatedAt === null &&
      ((s.scope === 'CASEBOOK' && s.targetId === form.patientId) ||
        (s.scope === 'VISIT' && s.targetId === form.visitId)),
  )
  if (covering.length === 0) return signatures
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
  const invalidated = new Set(covering.map((s) => s.id))
  return signatures.map((s) => (invalidated.has(s.id) ? { ...s, invalidatedAt: at, invalidatedReason: why } : s))
}
