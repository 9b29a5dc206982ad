import crypto from 'node:crypto'
import type { InventoryContext } from '../context'
import { mayEmergencyUnblind } from '../../../access-policy/supplyPolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { appError } from '../../../contracts/errors/errorRegistry'
import { badInput } from '../../../contracts/errors/commonErrorCodes'
import { EMERGENCY_UNBLINDING_MEANING } from '../../../contracts/signatureCredential'
import { auditCreated } from '../../../subgraph-runtime/audit/auditTrail'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'
import { parseId } from '../../../platform/ids'
import { InventoryErrorCodes } from '../errorCodes'
import { writeOutboxEvent } from '../events/outbox'

export interface EmergencyUnblindInput {
  patientId: string
  reason: string
  signatureCredential: string
}

const credentialInvalid = () =>
  appError(
    InventoryErrorCodes.UNBLINDING_CREDENTIAL_INVALID,
    'The re-authentication is not valid for this unblinding (expired, already used, or for another subject). Confirm your password again.',
  )

/**
 * Emergency unblinding (ICH E6(R3); the protocol's code-break procedure): an investigator of the
 * subject's site, re-authenticated for exactly this subject, learns the arm. The unblinding row
 * (append-only), its audit row and the sponsor notification commit together; none holds the arm.
 */
export async function emergencyUnblind(input: EmergencyUnblindInput, context: InventoryContext) {
  const { prisma, loaders, identity, requestId, credentials } = context
  const patientId = parseId(input.patientId, 'input.patientId')
  const subject = await loaders.subjectById.load(patientId)
  if (!subject || !identity || !mayEmergencyUnblind(identity, subject)) throw forbidden('patient', patientId)
  const reason = input.reason.trim()
  if (!reason) throw badInput('input.reason', '"input.reason" must say why the treatment must be known.')
  const credential = await credentials?.verify(input.signatureCredential)
  if (
    !credential ||
    credential.signerId !== identity.userId ||
    credential.record !== `UNBLIND:${patientId}` ||
    credential.meaning !== EMERGENCY_UNBLINDING_MEANING
  )
    throw credentialInvalid()
  const entry = await prisma.randomizationEntry.findUnique({ where: { patientId } })
  if (!entry)
    throw appError(
      InventoryErrorCodes.RANDOMIZATION_UNAVAILABLE,
      'The subject has not been randomised: there is no treatment to reveal.',
    )
  const at = new Date()
  const unblinding = {
    id: crypto.randomUUID(),
    patientId,
    unblindedBy: identity.userId,
    reason,
    credentialId: credential.credentialId,
    occurredAt: at,
  }
  await prisma.$transaction(async (tx) => {
    // The credential's id is unique: a replayed password confirmation unblinds nothing.
    const inserted = await tx.unblinding.createMany({ data: [unblinding], skipDuplicates: true })
    if (inserted.count === 0) throw credentialInvalid()
    await auditCreated(tx, requestActor(identity, requestId), { type: 'Unblinding', id: unblinding.id }, unblinding, at)
    await writeOutboxEvent(tx, {
      topic: 'inventory.unblinding.v1',
      key: patientId,
      eventType: 'EmergencyUnblinded',
      id: unblinding.id,
      payload: {
        patientId,
        siteId: subject.siteId,
        unblindedBy: identity.userId,
        reason,
        occurredAt: at.toISOString(),
      },
    })
  })
  const arm = await prisma.arm.findUniqueOrThrow({ where: { id: entry.armId } })
  return { patientId, unblindedAt: at, arm }
}
