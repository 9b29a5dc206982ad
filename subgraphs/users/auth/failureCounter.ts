import type { Prisma } from '../generated/prisma/client'
import { afterFailure, type ThrottleState } from './signInThrottle'

/** The sign-in lockout is per email address, lower case: what signIn looks accounts up by. */
export const throttleKey = (email: string): string => email.trim().toLowerCase()

/**
 * Counts one failed password check against an address — a failed sign-in or a failed signature
 * confirmation alike, so both wear down the same lockout — in the caller's transaction, and locks
 * the address once the policy (signInThrottle.ts) says so. Counted in the database (INSERT … ON
 * CONFLICT DO UPDATE SET failures = failures + 1), so guesses sent in parallel are each counted:
 * none slips past the lockout.
 */
export async function countFailure(
  tx: Pick<Prisma.TransactionClient, 'signInThrottle'>,
  email: string,
  at: Date,
): Promise<ThrottleState> {
  const key = throttleKey(email)
  const counted = await tx.signInThrottle.upsert({
    where: { email: key },
    create: { email: key, failures: 1, lastFailureAt: at },
    update: { failures: { increment: 1 }, lastFailureAt: at },
  })
  const next = afterFailure({ failures: counted.failures - 1, lockedUntil: null }, at)
  if (next.lockedUntil)
    await tx.signInThrottle.update({ where: { email: key }, data: { lockedUntil: next.lockedUntil } })
  return next
}
