import { ACTOR_KINDS, type ActorKind } from '../actorKinds'
import {
  applyQueryAction,
  autoCloseOnRecheck,
  mayRaiseManualQuery,
  QUERY_ACTIONS,
  QUERY_STATUSES,
  type QueryAction,
  type QueryOrigin,
  type QueryStatus,
} from '../queryLifecycle'

const ROLE = 'QUERY_ACTION_NOT_ALLOWED_FOR_ROLE'
const STATE = 'QUERY_TRANSITION_NOT_ALLOWED'
type Outcome = QueryStatus | typeof ROLE | typeof STATE

// Every (status × action) with its outcome for each actor kind, written out by hand.
const TABLE: Array<[QueryStatus, QueryAction, { SITE: Outcome; REVIEWER: Outcome; DATA_MANAGER: Outcome }]> = [
  ['OPEN', 'ANSWER', { SITE: 'ANSWERED', REVIEWER: ROLE, DATA_MANAGER: ROLE }],
  ['ANSWERED', 'ANSWER', { SITE: 'ANSWERED', REVIEWER: ROLE, DATA_MANAGER: ROLE }],
  ['CLOSED', 'ANSWER', { SITE: STATE, REVIEWER: ROLE, DATA_MANAGER: ROLE }],
  ['OPEN', 'CLOSE', { SITE: ROLE, REVIEWER: 'CLOSED', DATA_MANAGER: 'CLOSED' }],
  ['ANSWERED', 'CLOSE', { SITE: ROLE, REVIEWER: 'CLOSED', DATA_MANAGER: 'CLOSED' }],
  ['CLOSED', 'CLOSE', { SITE: ROLE, REVIEWER: STATE, DATA_MANAGER: STATE }],
  ['OPEN', 'REOPEN', { SITE: ROLE, REVIEWER: STATE, DATA_MANAGER: STATE }],
  ['ANSWERED', 'REOPEN', { SITE: ROLE, REVIEWER: 'OPEN', DATA_MANAGER: 'OPEN' }],
  ['CLOSED', 'REOPEN', { SITE: ROLE, REVIEWER: 'OPEN', DATA_MANAGER: 'OPEN' }],
  ['OPEN', 'COMMENT', { SITE: 'OPEN', REVIEWER: 'OPEN', DATA_MANAGER: 'OPEN' }],
  ['ANSWERED', 'COMMENT', { SITE: 'ANSWERED', REVIEWER: 'ANSWERED', DATA_MANAGER: 'ANSWERED' }],
  ['CLOSED', 'COMMENT', { SITE: STATE, REVIEWER: STATE, DATA_MANAGER: STATE }],
]

const CELLS = TABLE.flatMap(([status, action, byActor]) =>
  ACTOR_KINDS.map((actor): [QueryStatus, QueryAction, ActorKind, Outcome] => [status, action, actor, byActor[actor]]),
)

describe('applyQueryAction', () => {
  it('has exactly one table row per status and action', () => {
    const keys = TABLE.map(([status, action]) => `${status}/${action}`)
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys.length).toBe(QUERY_STATUSES.length * QUERY_ACTIONS.length)
  })

  it.each(CELLS)('%s, %s by %s → %s', (status, action, actor, outcome) => {
    const result = applyQueryAction(status, action, actor, 'Checked against the source: value is correct.')
    if (outcome === ROLE || outcome === STATE) {
      expect(result).toEqual({ ok: false, reason: outcome, message: expect.stringMatching(/\S/) })
    } else {
      expect(result).toEqual({ ok: true, status: outcome })
    }
  })

  describe('message text', () => {
    const allowed = CELLS.filter(([, , , outcome]) => outcome !== ROLE && outcome !== STATE)

    it.each(allowed.filter(([, action]) => action !== 'CLOSE'))(
      '%s, %s by %s needs a message',
      (status, action, actor) => {
        for (const text of [undefined, '', '  \n\t']) {
          expect(applyQueryAction(status, action, actor, text)).toMatchObject({
            ok: false,
            reason: 'QUERY_MESSAGE_REQUIRED',
          })
        }
      },
    )

    it.each(allowed.filter(([, action]) => action === 'CLOSE'))('%s, %s by %s needs none', (status, action, actor) => {
      expect(applyQueryAction(status, action, actor)).toEqual({ ok: true, status: 'CLOSED' })
    })

    it('reports the role before the status, and the status before the missing message', () => {
      expect(applyQueryAction('CLOSED', 'ANSWER', 'REVIEWER')).toMatchObject({ reason: ROLE })
      expect(applyQueryAction('CLOSED', 'ANSWER', 'SITE')).toMatchObject({ reason: STATE })
    })
  })

  it('tells the site what to do with a closed query', () => {
    expect(applyQueryAction('CLOSED', 'ANSWER', 'SITE', 'Corrected.')).toEqual({
      ok: false,
      reason: STATE,
      message: 'A closed query can be re-opened, not answered.',
    })
  })
})

describe('mayRaiseManualQuery', () => {
  it.each<[ActorKind, boolean]>([
    ['SITE', false],
    ['REVIEWER', true],
    ['DATA_MANAGER', true],
  ])('%s → %p', (actor, may) => {
    expect(mayRaiseManualQuery(actor)).toBe(may)
  })
})

describe('autoCloseOnRecheck', () => {
  it.each<[QueryOrigin, QueryStatus, boolean, boolean]>([
    ['EDIT_CHECK', 'OPEN', false, true],
    ['EDIT_CHECK', 'ANSWERED', false, true],
    ['EDIT_CHECK', 'CLOSED', false, false],
    ['EDIT_CHECK', 'OPEN', true, false],
    ['EDIT_CHECK', 'ANSWERED', true, false],
    ['MANUAL', 'OPEN', false, false],
    ['MANUAL', 'ANSWERED', false, false],
    ['MANUAL', 'OPEN', true, false],
  ])('%s query, %s, finding still fires: %p → close: %p', (origin, status, stillFires, close) => {
    expect(autoCloseOnRecheck({ origin, status }, stillFires)).toBe(close)
  })
})
