import type { UsersPrisma } from '../data/prismaClient'
import { formatDisplayName } from '../displayName'
import { auditEvent, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import { verifyPassword } from './passwordHash'
import { lockedForSeconds } from './signInThrottle'
import { countFailure, throttleKey } from './failureCounter'
import type { SignatureRequest } from './signatureRequest'
import type { TokenIssuer } from './tokenIssuer'

/** What confirmSignature answers: the credential, and the printed name it carries. */
export interface IssuedSignatureCredential {
  token: string
  expiresAt: Date
  printedName: string
}

export type SignatureConfirmationOutcome =
  | { kind: 'confirmed'; credential: IssuedSignatureCredential }
  /** The signed-in identity names no account (deleted since the token was issued). */
  | { kind: 'no-account' }
  | { kind: 'failed'; reason: 'wrong-password' | 'no-password' | 'inactive' }
  | { kind: 'locked'; retryAfterSeconds: number }

/**
 * 21 CFR 11.200(a): a signer proves both components — identity (the signed-in user) and their
 * password — and gets a short-lived credential for exactly one record and meaning
 * (contracts/signatureCredential.ts). A password check like sign-in's, so it is guarded like
 * sign-in: a failure counts toward the same lockout (the account's email address), a locked
 * address is refused before the password is checked, and a success clears the count. Every
 * outcome is audited (ICH E6(R3) 4.2.2) on the User, with the record and meaning — never the
 * password or the credential.
 */
export function createSignatureConfirmation(
  prisma: UsersPrisma,
  issuer: TokenIssuer,
  now: () => Date = () => new Date(),
) {
  return {
    async confirm(
      userId: string,
      password: string,
      request: SignatureRequest,
      caller: AuditActor,
    ): Promise<SignatureConfirmationOutcome> {
      const at = now()
      const user = await prisma.user.findUnique({ where: { id: userId }, include: { credential: true } })
      if (!user) return { kind: 'no-account' }
      const entity = { type: 'User', id: user.id }
      const email = throttleKey(user.email)
      const throttle = await prisma.signInThrottle.findUnique({ where: { email } })
      const retryAfterSeconds = lockedForSeconds(throttle, at)
      if (retryAfterSeconds > 0) {
        await auditEvent(prisma, caller, 'SIGNATURE_CONFIRMATION_FAILED', entity, at, {
          newValue: { reason: 'locked', ...request },
        })
        return { kind: 'locked', retryAfterSeconds }
      }
      const passwordOk = user.credential ? await verifyPassword(password, user.credential.passwordHash) : false
      if (!passwordOk || !user.active) {
        const reason = !user.credential ? 'no-password' : !passwordOk ? 'wrong-password' : 'inactive'
        await prisma.$transaction(async (tx) => {
          const next = await countFailure(tx, email, at)
          await auditEvent(tx, caller, 'SIGNATURE_CONFIRMATION_FAILED', entity, at, {
            newValue: { reason, ...request, failures: next.failures, lockedUntil: next.lockedUntil },
          })
        })
        return { kind: 'failed', reason }
      }
      // 11.50(a)(1): the printed name as the users context shows it, at the time of signing.
      const printedName = formatDisplayName(user)
      const { token, expiresAt } = await issuer.signatureCredential({ userId: user.id, name: printedName, ...request })
      await prisma.$transaction(async (tx) => {
        if (throttle) await tx.signInThrottle.deleteMany({ where: { email } })
        await auditEvent(tx, caller, 'SIGNATURE_CONFIRMED', entity, at, {
          newValue: { ...request, printedName, expiresAt },
        })
      })
      return { kind: 'confirmed', credential: { token, expiresAt, printedName } }
    },
  }
}

export type SignatureConfirmation = ReturnType<typeof createSignatureConfirmation>
