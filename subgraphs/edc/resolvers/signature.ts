import type { SignatureResolvers } from '../generated/graphql'
import { signatureStatusOf } from '../signatures/coveringSignature'
import { signatureAuditTrail } from './auditTrail'

export const Signature: SignatureResolvers = {
  signerId: (s) => s.signerUserId,
  status: (s) => signatureStatusOf(s),
  auditTrail: signatureAuditTrail,
}
