import { hasText, type ActorKind } from './actorKinds'

/**
 * Freeze and lock, set on four levels of target: a FORM instance, a VISIT, a CASEBOOK (one patient)
 * and the STUDY. Each target has its own state; what applies to a form is the most restrictive state
 * among the form and every target above it (effectiveLock).
 *
 * - FROZEN: data may not change, queries continue (DOMAIN: "freeze blocks data changes but lets
 *   queries continue"). Used when cleaning is nearly done.
 * - LOCKED: nothing changes: no data, no query work, no verification. A study lock is the database
 *   lock after which analysis starts.
 *
 * Only data managers freeze, lock, unfreeze or unlock: these are data-management decisions, not a
 * monitor's. Undoing one (UNFREEZE, UNLOCK) re-opens data already declared final, so it needs a reason
 * (21 CFR 11.10(e): the audit trail records why; ICH E6(R3) 4.2.2). UNLOCK returns to NONE, not to
 * the state before the lock: whether the data should be frozen again is a new decision.
 */
export const LOCK_STATES = ['NONE', 'FROZEN', 'LOCKED'] as const
export type LockState = (typeof LOCK_STATES)[number]

export const LOCK_ACTIONS = ['FREEZE', 'UNFREEZE', 'LOCK', 'UNLOCK'] as const
export type LockAction = (typeof LOCK_ACTIONS)[number]

export type LockActionResult =
  | { ok: true; state: LockState }
  | {
      ok: false
      reason: 'LOCK_TRANSITION_NOT_ALLOWED' | 'LOCK_ACTION_NOT_ALLOWED_FOR_ROLE' | 'REASON_REQUIRED'
      message: string
    }

const RESTRICTIVENESS: Record<LockState, number> = { NONE: 0, FROZEN: 1, LOCKED: 2 }

/** The state that applies to data given its own target's state and those of every target above it. */
export function effectiveLock(states: readonly LockState[]): LockState {
  return states.reduce<LockState>(
    (most, state) => (RESTRICTIVENESS[state] > RESTRICTIVENESS[most] ? state : most),
    'NONE',
  )
}

const DESCRIBED: Record<LockState, string> = { NONE: 'neither frozen nor locked', FROZEN: 'frozen', LOCKED: 'locked' }

const TRANSITIONS: Record<LockAction, { from: readonly LockState[]; to: LockState; reasonRequired: boolean }> = {
  FREEZE: { from: ['NONE'], to: 'FROZEN', reasonRequired: false },
  UNFREEZE: { from: ['FROZEN'], to: 'NONE', reasonRequired: true },
  LOCK: { from: ['NONE', 'FROZEN'], to: 'LOCKED', reasonRequired: false },
  UNLOCK: { from: ['LOCKED'], to: 'NONE', reasonRequired: true },
}

const REFUSED: Record<LockAction, (current: LockState) => string> = {
  FREEZE: (current) =>
    current === 'LOCKED' ? 'Locked data cannot be frozen; unlock it first.' : 'This is already frozen.',
  UNFREEZE: (current) =>
    current === 'LOCKED'
      ? 'Locked data is unlocked, not unfrozen.'
      : `Only frozen data can be unfrozen; this is ${DESCRIBED[current]}.`,
  LOCK: () => 'This is already locked.',
  UNLOCK: (current) => `Only locked data can be unlocked; this is ${DESCRIBED[current]}.`,
}

/** The state a target has after `action` by an actor of `actorKind`, or why the action is refused. */
export function applyLockAction(
  current: LockState,
  action: LockAction,
  actorKind: ActorKind,
  reason?: string,
): LockActionResult {
  if (actorKind !== 'DATA_MANAGER') {
    return {
      ok: false,
      reason: 'LOCK_ACTION_NOT_ALLOWED_FOR_ROLE',
      message: 'Only a data manager freezes, locks, unfreezes or unlocks data.',
    }
  }
  const transition = TRANSITIONS[action]
  if (!transition.from.includes(current)) {
    return { ok: false, reason: 'LOCK_TRANSITION_NOT_ALLOWED', message: REFUSED[action](current) }
  }
  if (transition.reasonRequired && !hasText(reason)) {
    return { ok: false, reason: 'REASON_REQUIRED', message: `To ${action.toLowerCase()} data, give a reason.` }
  }
  return { ok: true, state: transition.to }
}

/** Entering or changing item data: only where nothing is frozen or locked. */
export function mayEditData(effective: LockState): boolean {
  return effective === 'NONE'
}

/** Raising, answering, commenting on and closing queries: a freeze lets them continue, a lock stops them. */
export function mayWorkQueries(effective: LockState): boolean {
  return effective !== 'LOCKED'
}

/**
 * Source data verification on frozen data is allowed: verifying changes no data, and a freeze is
 * typically set while the last SDV and queries are completed before lock. After a lock nothing
 * changes, the verification record included: the locked casebook is what analysis sees.
 */
export function mayVerify(effective: LockState): boolean {
  return effective !== 'LOCKED'
}
