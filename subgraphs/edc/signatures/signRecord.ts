import crypto from 'node:crypto'
import type { Signature, SignatureScope, Subject } from '../generated/prisma/client'
import type { EdcPrisma } from '../data/prismaClient'
import { appError } from '../../../contracts/errors/errorRegistry'
import { auditRow, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import { signedContentDigest } from '../lifecycle/signatureDigest'
import { EdcErrorCodes } from '../errorCodes'
import type { VerifiedCredential } from '../../../subgraph-runtime/auth/credentialVerifier'
import { signedContent } from './signedContent'

/**
 * Records an electronic signature of a casebook or a visit (21 CFR 11.50, 11.70): the printed name
 * and meaning the signer confirmed, the time (UTC), and the digest of exactly the data signed. The
 * forms signed are held (FOR SHARE) while they are read, so a save either commits before — and is
 * signed — or waits and then invalidates this signature; each credential signs once.
 */
export async function signRecord(
  prisma: EdcPrisma,
  request: { scope: SignatureScope; targetId: string; subject: Subject; credential: VerifiedCredential },
  actor: AuditActor,
  at: Date,
): Promise<Signature> {
  const { scope, targetId, subject, credential } = request
  return prisma.$transaction(async (tx) => {
    const where = scope === 'CASEBOOK' ? { patientId: targetId } : { visitId: targetId }
    if (scope === 'CASEBOOK')
      await tx.$queryRaw`SELECT id FROM form_data WHERE patient_id = ${targetId}::uuid FOR SHARE`
    else await tx.$queryRaw`SELECT id FROM form_data WHERE visit_id = ${targetId}::uuid FOR SHARE`
    const forms = await tx.formData.findMany({
      where,
      include: { items: true, definition: { select: { version: true } } },
    })
    const content = signedContent(
      `${scope}:${targetId}`,
      credential.signerId,
      credential.meaning,
      forms.map((f) => ({ ...f, definitionVersion: f.definition.version })),
    )
    const signature: Signature = {
      id: crypto.randomUUID(),
      scope,
      targetId,
      patientId: subject.patientId,
      studyId: subject.studyId,
      siteId: subject.siteId,
      signerUserId: credential.signerId,
      printedName: credential.name,
      meaning: credential.meaning,
      signedAt: at,
      digest: signedContentDigest(content),
      credentialId: credential.credentialId,
      invalidatedAt: null,
      invalidatedReason: null,
    }
    // ON CONFLICT DO NOTHING: a credential already used (its jti is unique) signs nothing.
    const { count } = await tx.signature.createMany({ data: [signature], skipDuplicates: true })
    if (count === 0)
      throw appError(
        EdcErrorCodes.SIGNATURE_CREDENTIAL_INVALID,
        'This signature credential has already been used: confirm your password again to sign.',
      )
    const { credentialId: _secretless, ...recorded } = signature
    await tx.auditEvent.createMany({
      data: [auditRow(actor, 'CREATE', { type: 'Signature', id: signature.id }, at, { newValue: recorded })],
    })
    return signature
  })
}
