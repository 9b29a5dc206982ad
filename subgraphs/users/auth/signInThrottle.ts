/**
 * Lockout after repeated failed sign-ins, per email address: the first FREE_FAILURES failures
 * cost nothing; after that each failure locks the address for twice as long as the last, from
 * one minute up to an hour. A success clears the count. Pure, so the policy is unit-tested.
 */
export const FREE_FAILURES = 5
const FIRST_LOCK_MS = 60_000
const LONGEST_LOCK_MS = 3_600_000

export interface ThrottleState {
  failures: number
  lockedUntil: Date | null
}

export function afterFailure(state: ThrottleState, now: Date): ThrottleState {
  const failures = state.failures + 1
  if (failures < FREE_FAILURES) return { failures, lockedUntil: null }
  const lockMs = Math.min(LONGEST_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - FREE_FAILURES))
  return { failures, lockedUntil: new Date(now.getTime() + lockMs) }
}

/** Seconds until the address may try again; 0 when it may try now. */
export function lockedForSeconds(state: ThrottleState | null, now: Date): number {
  if (!state?.lockedUntil) return 0
  return Math.max(0, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000))
}
