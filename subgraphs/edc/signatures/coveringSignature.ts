import type { FormData, Signature } from '../generated/prisma/client'
import type { SignatureStatus } from '../lifecycle/signatureDigest'

export const signatureStatusOf = (s: Pick<Signature, 'invalidatedAt'>): SignatureStatus =>
  s.invalidatedAt ? 'INVALIDATED' : 'VALID'

/** Whether a valid signature — the casebook's or the form's visit's — covers the form. */
export function coveringSignature(
  form: Pick<FormData, 'patientId' | 'visitId'>,
  signatures: readonly Signature[],
): SignatureStatus | null {
  const covering = signatures.filter(
    (s) =>
      (s.scope === 'CASEBOOK' && s.targetId === form.patientId) || (s.scope === 'VISIT' && s.targetId === form.visitId),
  )
  if (covering.length === 0) return null
  return covering.some((s) => !s.invalidatedAt) ? 'VALID' : 'INVALIDATED'
}

/** The casebook's own signature status (its newest casebook signature); visit signatures do not sign a casebook. */
export function casebookSignature(patientId: string, signatures: readonly Signature[]): SignatureStatus | null {
  const newest = signatures.find((s) => s.scope === 'CASEBOOK' && s.targetId === patientId)
  return newest ? signatureStatusOf(newest) : null
}
