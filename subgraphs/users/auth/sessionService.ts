import crypto from 'node:crypto'
import { appError } from '../../../contracts/errors/errorRegistry'
import { UsersErrorCodes } from '../errorCodes'
import type { Grant } from '../../../contracts/identity'
import type { UsersPrisma } from '../data/prismaClient'
import type { User } from '../generated/prisma/client'
import type { AuthSettings } from './authSettings'
import { hashPassword, verifyPassword } from './passwordHash'
import { newRefreshToken, refreshTokenHash } from './refreshTokens'
import { lockedForSeconds } from './signInThrottle'
import { countFailure, throttleKey } from './failureCounter'
import type { TokenIssuer } from './tokenIssuer'
import { currentGrants, liveGrants, type CurrentGrants } from '../staff/grantsVersion'
import { auditEvent, type AuditActor, type AuditEntity } from '../../../subgraph-runtime/audit/auditTrail'
import { rolesOf, systemActor } from '../../../subgraph-runtime/audit/auditActor'

export interface IssuedSession {
  accessToken: string
  accessTokenExpiresAt: Date
  refreshToken: string
  refreshTokenExpiresAt: Date
  sessionId: string
  user: User
}

/** What happened, for the audit trail (sign-ins and failed sign-ins are audited, ICH E6(R3) 4.2.2). */
export type SignInOutcome =
  | { kind: 'signed-in'; session: IssuedSession }
  | { kind: 'failed'; userId: string | null; reason: 'unknown-email' | 'wrong-password' | 'inactive' | 'locked' }

/**
 * Who a sign-in attempt is about, for the audit trail. A known address is its User. An unknown
 * address is NOT kept in clear: it may be a stranger's personal data (a typo of a real address)
 * or even a password typed into the wrong field, and the trail can never be corrected or erased.
 * Its SHA-256 still groups the attempts on one address (credential stuffing shows) and lets an
 * investigator check a given address by hashing it.
 */
function signInAttemptEntity(email: string, user: { id: string } | null): AuditEntity {
  return user
    ? { type: 'User', id: user.id }
    : { type: 'SignInAttempt', id: crypto.createHash('sha256').update(email.trim().toLowerCase()).digest('hex') }
}

/**
 * The actor of an event a credential proves: the user whose password or refresh token it was,
 * under the roles they hold — whoever the request came from (normally an anonymous caller).
 */
const provenUser = (caller: AuditActor, userId: string, grants: readonly Grant[]): AuditActor => ({
  ...caller,
  userId,
  role: rolesOf(grants),
})

/**
 * Sign-in, refresh and sign-out. Access tokens are short-lived JWTs carrying the user's current
 * role grants; refresh tokens rotate on every use, and a rotated-out token presented again
 * revokes its session (it was copied). Failures say nothing about which part was wrong.
 * Every outcome is audited (ICH E6(R3) 4.2.2) in the transaction of the state it changes;
 * `caller` is the request's actor (its request id, and who sent it). No password, token or
 * token hash ever enters the trail.
 */
export function createSessionService(
  prisma: UsersPrisma,
  issuer: TokenIssuer,
  settings: AuthSettings,
  now: () => Date = () => new Date(),
) {
  // Unknown addresses still pay for one scrypt, so timing does not tell which addresses exist.
  const decoy = hashPassword(crypto.randomBytes(16).toString('hex'))

  const grantsOf = (userId: string): Promise<Grant[]> => liveGrants(prisma, userId)

  const issue = async (
    user: User,
    { grants, grantsVersion }: CurrentGrants,
    sessionId: string,
    refreshToken: string,
    refreshTokenExpiresAt: Date,
  ): Promise<IssuedSession> => {
    const access = await issuer.accessToken({ userId: user.id, sessionId, grants, grantsVersion })
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      refreshTokenExpiresAt,
      sessionId,
      user,
    }
  }

  /**
   * A rotated-out refresh token came back: it was copied, so its whole session ends. The server
   * decides this, not the presenter (who may be the thief), so the actor is the system; the
   * request id still leads to the request that presented it.
   */
  const revokeReusedSession = (sessionId: string, caller: AuditActor, at: Date) =>
    prisma.$transaction(async (tx) => {
      const { count } = await tx.userSession.updateMany({
        where: { id: sessionId, revokedAt: null },
        data: { revokedAt: at, revokedReason: 'refresh token reused' },
      })
      if (count === 1)
        await auditEvent(
          tx,
          { ...systemActor(caller.requestId), traceId: caller.traceId },
          'SESSION_REVOKED',
          { type: 'UserSession', id: sessionId },
          at,
          { newValue: { reason: 'refresh token reused', revokedAt: at } },
        )
    })

  return {
    async signIn(emailInput: string, password: string, caller: AuditActor): Promise<SignInOutcome> {
      const email = throttleKey(emailInput)
      const at = now()
      const throttle = await prisma.signInThrottle.findUnique({ where: { email } })
      const user = await prisma.user.findUnique({ where: { email }, include: { credential: true } })
      const attempt = signInAttemptEntity(email, user)
      if (lockedForSeconds(throttle, at) > 0) {
        // Nothing changes but the trail: the attempt is refused before the password is checked.
        await auditEvent(prisma, caller, 'SIGN_IN_FAILED', attempt, at, { newValue: { reason: 'locked' } })
        return { kind: 'failed', userId: user?.id ?? null, reason: 'locked' }
      }
      const stored = user?.credential?.passwordHash ?? (await decoy)
      const passwordOk = await verifyPassword(password, stored)
      if (!user || !user.credential || !passwordOk || !user.active) {
        const reason = !user || !user.credential ? 'unknown-email' : !passwordOk ? 'wrong-password' : 'inactive'
        await prisma.$transaction(async (tx) => {
          const next = await countFailure(tx, email, at)
          await auditEvent(tx, caller, 'SIGN_IN_FAILED', attempt, at, {
            newValue: { reason, failures: next.failures, lockedUntil: next.lockedUntil },
          })
        })
        return { kind: 'failed', userId: user?.id ?? null, reason }
      }
      const current = await currentGrants(prisma, user)
      const refreshToken = newRefreshToken()
      const expiresAt = new Date(at.getTime() + settings.refreshTokenTtlSeconds * 1000)
      const session = await prisma.$transaction(async (tx) => {
        if (throttle) await tx.signInThrottle.deleteMany({ where: { email } })
        const created = await tx.userSession.create({
          data: {
            id: crypto.randomUUID(),
            userId: user.id,
            refreshTokenHash: refreshTokenHash(refreshToken),
            expiresAt,
            createdAt: at,
          },
        })
        await auditEvent(tx, provenUser(caller, user.id, current.grants), 'SIGN_IN', attempt, at, {
          newValue: { sessionId: created.id, expiresAt },
        })
        return created
      })
      const { credential: _secret, ...profile } = user
      return { kind: 'signed-in', session: await issue(profile, current, session.id, refreshToken, expiresAt) }
    },

    /** Seconds the address must wait, for the ACCOUNT_LOCKED answer. */
    async lockedFor(emailInput: string): Promise<number> {
      return lockedForSeconds(
        await prisma.signInThrottle.findUnique({ where: { email: throttleKey(emailInput) } }),
        now(),
      )
    },

    async refresh(refreshToken: string, caller: AuditActor): Promise<IssuedSession> {
      const hash = refreshTokenHash(refreshToken)
      const at = now()
      const session = await prisma.userSession.findUnique({
        where: { refreshTokenHash: hash },
        include: { user: true },
      })
      if (!session) {
        const retired = await prisma.retiredRefreshToken.findUnique({ where: { tokenHash: hash } })
        if (retired) await revokeReusedSession(retired.sessionId, caller, at)
        throw appError(
          UsersErrorCodes.INVALID_REFRESH_TOKEN,
          'This refresh token is not valid (unknown, already used, or its session ended); sign in again.',
        )
      }
      if (session.revokedAt || session.expiresAt <= at || !session.user.active)
        throw appError(UsersErrorCodes.INVALID_REFRESH_TOKEN, 'This session has ended; sign in again.')
      const current = await currentGrants(prisma, session.user)
      const next = newRefreshToken()
      // Only one of two concurrent refreshes with the same token wins the swap.
      const swapped = await prisma.$transaction(async (tx) => {
        const { count } = await tx.userSession.updateMany({
          where: { id: session.id, refreshTokenHash: hash, revokedAt: null },
          data: { refreshTokenHash: refreshTokenHash(next), refreshedAt: at },
        })
        if (count !== 1) return false
        await tx.retiredRefreshToken.create({ data: { tokenHash: hash, sessionId: session.id, retiredAt: at } })
        await auditEvent(
          tx,
          provenUser(caller, session.userId, current.grants),
          'SESSION_REFRESHED',
          { type: 'UserSession', id: session.id },
          at,
          { oldValue: { refreshedAt: session.refreshedAt }, newValue: { userId: session.userId, refreshedAt: at } },
        )
        return true
      })
      if (!swapped)
        throw appError(UsersErrorCodes.INVALID_REFRESH_TOKEN, 'This refresh token was just used; sign in again.')
      return issue(session.user, current, session.id, next, session.expiresAt)
    },

    /** Ends the session of a refresh token; true whether or not it was known (reveals nothing). */
    async signOut(refreshToken: string, caller: AuditActor): Promise<{ sessionId: string; userId: string } | null> {
      const session = await prisma.userSession.findUnique({
        where: { refreshTokenHash: refreshTokenHash(refreshToken) },
      })
      if (!session) return null
      const grants = await grantsOf(session.userId)
      const at = now()
      await prisma.$transaction(async (tx) => {
        const { count } = await tx.userSession.updateMany({
          where: { id: session.id, revokedAt: null },
          data: { revokedAt: at, revokedReason: 'signed out' },
        })
        // Signing out an already ended session changes nothing, so records nothing.
        if (count === 1)
          await auditEvent(
            tx,
            provenUser(caller, session.userId, grants),
            'SIGN_OUT',
            { type: 'UserSession', id: session.id },
            at,
            { newValue: { userId: session.userId, revokedAt: at } },
          )
      })
      return { sessionId: session.id, userId: session.userId }
    },
  }
}

export type SessionService = ReturnType<typeof createSessionService>
