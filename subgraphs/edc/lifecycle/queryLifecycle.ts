import { hasText, type ActorKind } from './actorKinds'

/**
 * The life of a data query (a discrepancy raised on an item):
 *
 *   OPEN ──ANSWER (site)──▶ ANSWERED ──CLOSE (reviewer)──▶ CLOSED
 *   OPEN ──CLOSE (reviewer)──────────────────────────────▶ CLOSED
 *   ANSWERED, CLOSED ──REOPEN (reviewer: "re-query")──▶ OPEN
 *   ANSWERED ──ANSWER (site)──▶ ANSWERED;  COMMENT (anyone) keeps OPEN or ANSWERED
 *
 * - Only site staff answer; only monitors and data managers close or re-open (DOMAIN: "only data
 *   managers and monitors close"); anyone working the query may comment.
 * - A further ANSWER on an ANSWERED query is allowed and leaves it ANSWERED: the site may correct
 *   the data or add to its answer before the reviewer looks; refusing would force a comment that the
 *   reviewer's "answered" worklist does not show.
 * - A closed query takes nothing but REOPEN: closing is the reviewer's decision, so only a reviewer
 *   can undo it.
 * - A query is never deleted, and every action adds an entry to its thread rather than replacing one
 *   (21 CFR 11.10(e): a change must not obscure earlier entries; ICH E6(R3) 4.2.2: the audit trail
 *   shows who did what and when), so these rules only decide the next status.
 * - ANSWER, REOPEN and COMMENT carry a message (an answer, a re-query, a remark: each means nothing
 *   without its text); CLOSE may carry one.
 */
export const QUERY_STATUSES = ['OPEN', 'ANSWERED', 'CLOSED'] as const
export type QueryStatus = (typeof QUERY_STATUSES)[number]

export const QUERY_ACTIONS = ['ANSWER', 'CLOSE', 'REOPEN', 'COMMENT'] as const
export type QueryAction = (typeof QUERY_ACTIONS)[number]

/** EDIT_CHECK: opened by a soft edit check; MANUAL: raised by a monitor or data manager. */
export type QueryOrigin = 'EDIT_CHECK' | 'MANUAL'

export type QueryActionResult =
  | { ok: true; status: QueryStatus }
  | {
      ok: false
      reason: 'QUERY_TRANSITION_NOT_ALLOWED' | 'QUERY_ACTION_NOT_ALLOWED_FOR_ROLE' | 'QUERY_MESSAGE_REQUIRED'
      message: string
    }

const REVIEWERS: readonly ActorKind[] = ['REVIEWER', 'DATA_MANAGER']

const ALLOWED_ACTORS: Record<QueryAction, { actors: readonly ActorKind[]; refused: string }> = {
  ANSWER: { actors: ['SITE'], refused: 'Only site staff (coordinator or investigator) answer a query.' },
  CLOSE: { actors: REVIEWERS, refused: 'Only a monitor or a data manager closes a query.' },
  REOPEN: { actors: REVIEWERS, refused: 'Only a monitor or a data manager re-opens a query.' },
  COMMENT: { actors: ['SITE', ...REVIEWERS], refused: '' },
}

type Step = QueryStatus | { refused: string }

const TRANSITIONS: Record<QueryAction, Record<QueryStatus, Step>> = {
  ANSWER: {
    OPEN: 'ANSWERED',
    ANSWERED: 'ANSWERED',
    CLOSED: { refused: 'A closed query can be re-opened, not answered.' },
  },
  CLOSE: { OPEN: 'CLOSED', ANSWERED: 'CLOSED', CLOSED: { refused: 'This query is already closed.' } },
  REOPEN: {
    OPEN: { refused: 'This query is already open; add a comment instead.' },
    ANSWERED: 'OPEN',
    CLOSED: 'OPEN',
  },
  COMMENT: {
    OPEN: 'OPEN',
    ANSWERED: 'ANSWERED',
    CLOSED: { refused: 'A closed query takes no comments; re-open it to continue the discussion.' },
  },
}

const MESSAGE_REQUIRED: Record<QueryAction, boolean> = { ANSWER: true, CLOSE: false, REOPEN: true, COMMENT: true }

/**
 * The status a query has after `action` by an actor of `actorKind`, or why the action is refused.
 * Checked in the order a person can act on: the role first (nothing they can change), then the
 * status, then the message they forgot.
 */
export function applyQueryAction(
  status: QueryStatus,
  action: QueryAction,
  actorKind: ActorKind,
  text?: string,
): QueryActionResult {
  const allowed = ALLOWED_ACTORS[action]
  if (!allowed.actors.includes(actorKind)) {
    return { ok: false, reason: 'QUERY_ACTION_NOT_ALLOWED_FOR_ROLE', message: allowed.refused }
  }
  const next = TRANSITIONS[action][status]
  if (typeof next !== 'string') return { ok: false, reason: 'QUERY_TRANSITION_NOT_ALLOWED', message: next.refused }
  if (MESSAGE_REQUIRED[action] && !hasText(text)) {
    return {
      ok: false,
      reason: 'QUERY_MESSAGE_REQUIRED',
      message: `To ${action.toLowerCase()} a query, write a message.`,
    }
  }
  return { ok: true, status: next }
}

/** A monitor or data manager may raise a query by hand; site staff answer queries, they do not raise them. */
export function mayRaiseManualQuery(actorKind: ActorKind): boolean {
  return REVIEWERS.includes(actorKind)
}

/**
 * After a data change the form's soft checks run again. A query the system opened (EDIT_CHECK) whose
 * finding no longer fires is closed by the system: the discrepancy it reported is gone. A MANUAL
 * query is a person's question about the data, which a new value does not answer: it stays until a
 * reviewer closes it. A closed query stays closed.
 */
export function autoCloseOnRecheck(
  query: { origin: QueryOrigin; status: QueryStatus },
  findingStillFires: boolean,
): boolean {
  return query.origin === 'EDIT_CHECK' && query.status !== 'CLOSED' && !findingStillFires
}
