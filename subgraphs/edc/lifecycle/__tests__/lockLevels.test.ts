import { ACTOR_KINDS, type ActorKind } from '../actorKinds'
import {
  applyLockAction,
  effectiveLock,
  LOCK_ACTIONS,
  LOCK_STATES,
  mayEditData,
  mayVerify,
  mayWorkQueries,
  type LockAction,
  type LockState,
} from '../lockLevels'

const ROLE = 'LOCK_ACTION_NOT_ALLOWED_FOR_ROLE'
const STATE = 'LOCK_TRANSITION_NOT_ALLOWED'
type Outcome = LockState | typeof ROLE | typeof STATE

// Every (state × action) with its outcome for each actor kind (a reason given), written out by hand.
const TABLE: Array<[LockState, LockAction, { SITE: Outcome; REVIEWER: Outcome; DATA_MANAGER: Outcome }]> = [
  ['NONE', 'FREEZE', { SITE: ROLE, REVIEWER: ROLE, DATA_MANAGER: 'FROZEN' }],
  ['FROZEN', 'FREEZE', { SITE: ROLE, REVIEWER: ROLE, DATA_MANAGER: STATE }],
  ['LOCKED', 'FREEZE', { SITE: ROLE, REVIEWER: ROLE, DATA_MANAGER: STATE }],
  ['NONE', 'UNFREEZE', { SITE: ROLE, REVIEWER: ROLE, DATA_MANAGER: STATE }],
  ['FROZEN', 'UNFREEZE', { SITE: ROLE, REVIEWER: ROLE, DATA_MANAGER: 'NONE' }],
  ['LOCKED', 'UNFREEZE', { SITE: ROLE, REVIEWER: ROLE, DATA_MANAGER: STATE }],
  ['NONE', 'LOCK', { SITE: ROLE, REVIEWER: ROLE, DATA_MANAGER: 'LOCKED' }],
  ['FROZEN', 'LOCK', { SITE: ROLE, REVIEWER: ROLE, DATA_MANAGER: 'LOCKED' }],
  ['LOCKED', 'LOCK', { SITE: ROLE, REVIEWER: ROLE, DATA_MANAGER: STATE }],
  ['NONE', 'UNLOCK', { SITE: ROLE, REVIEWER: ROLE, DATA_MANAGER: STATE }],
  ['FROZEN', 'UNLOCK', { SITE: ROLE, REVIEWER: ROLE, DATA_MANAGER: STATE }],
  ['LOCKED', 'UNLOCK', { SITE: ROLE, REVIEWER: ROLE, DATA_MANAGER: 'NONE' }],
]

const CELLS = TABLE.flatMap(([state, action, byActor]) =>
  ACTOR_KINDS.map((actor): [LockState, LockAction, ActorKind, Outcome] => [state, action, actor, byActor[actor]]),
)

describe('applyLockAction', () => {
  it('has exactly one table row per state and action', () => {
    const keys = TABLE.map(([state, action]) => `${state}/${action}`)
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys.length).toBe(LOCK_STATES.length * LOCK_ACTIONS.length)
  })

  it.each(CELLS)('%s, %s by %s → %s', (state, action, actor, outcome) => {
    const result = applyLockAction(state, action, actor, 'Query resolution needs a data correction.')
    if (outcome === ROLE || outcome === STATE) {
      expect(result).toEqual({ ok: false, reason: outcome, message: expect.stringMatching(/\S/) })
    } else {
      expect(result).toEqual({ ok: true, state: outcome })
    }
  })

  describe('reason', () => {
    it.each<[LockState, LockAction]>([
      ['FROZEN', 'UNFREEZE'],
      ['LOCKED', 'UNLOCK'],
    ])('%s, %s needs one', (state, action) => {
      for (const reason of [undefined, '', '   ']) {
        expect(applyLockAction(state, action, 'DATA_MANAGER', reason)).toMatchObject({
          ok: false,
          reason: 'REASON_REQUIRED',
        })
      }
    })

    it.each<[LockState, LockAction, LockState]>([
      ['NONE', 'FREEZE', 'FROZEN'],
      ['NONE', 'LOCK', 'LOCKED'],
      ['FROZEN', 'LOCK', 'LOCKED'],
    ])('%s, %s needs none', (state, action, next) => {
      expect(applyLockAction(state, action, 'DATA_MANAGER')).toEqual({ ok: true, state: next })
    })

    it('is not asked for before the transition is known to be possible', () => {
      expect(applyLockAction('NONE', 'UNLOCK', 'DATA_MANAGER')).toMatchObject({ reason: STATE })
      expect(applyLockAction('LOCKED', 'UNLOCK', 'SITE')).toMatchObject({ reason: ROLE })
    })
  })

  it('tells why unfreezing a locked target fails', () => {
    expect(applyLockAction('LOCKED', 'UNFREEZE', 'DATA_MANAGER', 'x')).toMatchObject({
      message: 'Locked data is unlocked, not unfrozen.',
    })
  })
})

describe('effectiveLock', () => {
  it.each<[LockState[], LockState]>([
    [[], 'NONE'],
    [['NONE'], 'NONE'],
    [['NONE', 'NONE', 'NONE', 'NONE'], 'NONE'],
    [['FROZEN', 'NONE'], 'FROZEN'],
    [['NONE', 'NONE', 'FROZEN', 'NONE'], 'FROZEN'],
    [['LOCKED', 'FROZEN'], 'LOCKED'],
    [['FROZEN', 'LOCKED'], 'LOCKED'],
    [['NONE', 'FROZEN', 'NONE', 'LOCKED'], 'LOCKED'],
  ])('%p → %s', (states, effective) => {
    expect(effectiveLock(states)).toBe(effective)
  })
})

describe('what an effective lock allows', () => {
  it.each<[LockState, { edit: boolean; queries: boolean; verify: boolean }]>([
    ['NONE', { edit: true, queries: true, verify: true }],
    ['FROZEN', { edit: false, queries: true, verify: true }],
    ['LOCKED', { edit: false, queries: false, verify: false }],
  ])('%s → %o', (state, allowed) => {
    expect({ edit: mayEditData(state), queries: mayWorkQueries(state), verify: mayVerify(state) }).toEqual(allowed)
  })
})
