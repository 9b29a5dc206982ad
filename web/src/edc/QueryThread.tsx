import { useState } from 'react'
import { useMutation } from 'urql'
import { RaiseDataQueryDocument, RespondToDataQueryDocument, type QueryAction } from '../generated/operations'
import { formatDateTime } from '../ui/time'
import { RefusalNotice } from '../ui/States'
import { words } from '../ui/words'
import type { FormQuery, ItemRef } from './formDraft'

/** Which way each side may move a query (the server's lifecycle decides; this only lays out buttons). */
function actionsFor(query: FormQuery, side: 'site' | 'reviewer'): QueryAction[] {
  if (side === 'site') return query.status === 'CLOSED' ? ['COMMENT'] : ['ANSWER', 'COMMENT']
  if (query.status === 'OPEN') return ['CLOSE', 'COMMENT']
  if (query.status === 'ANSWERED') return ['CLOSE', 'REOPEN', 'COMMENT']
  return ['REOPEN', 'COMMENT']
}

const ACTION_LABEL: Record<QueryAction, string> = {
  OPEN: 'Open',
  ANSWER: 'Answer',
  CLOSE: 'Close query',
  REOPEN: 'Re-open',
  COMMENT: 'Comment',
}

function Thread({
  query,
  side,
  zone,
  onChanged,
}: {
  query: FormQuery
  side: 'site' | 'reviewer' | null
  zone: string | null
  onChanged: () => void
}) {
  const [text, setText] = useState('')
  const [result, respond] = useMutation(RespondToDataQueryDocument)
  const textId = `query-${query.id}-text`
  async function act(action: QueryAction) {
    const outcome = await respond({ input: { queryId: query.id, action, text: text.trim() || null } })
    if (!outcome.error) {
      setText('')
      onChanged()
    }
  }
  return (
    <li className={`query query-${query.status.toLowerCase()}`} data-query-status={query.status}>
      <p>
        <strong>{words(query.status)}</strong> · {query.origin === 'EDIT_CHECK' ? 'edit check' : 'raised by a reviewer'}{' '}
        · opened {formatDateTime(query.openedAt, zone)}
      </p>
      <ol className="plain messages">
        {query.messages.map((m, i) => (
          <li key={i}>
            <span className="message-meta">
              {words(m.action)} · {m.authorRole.toLowerCase()} · {formatDateTime(m.at, zone)}
            </span>
            {m.text && <span className="message-text">{m.text}</span>}
          </li>
        ))}
      </ol>
      {side && (
        <div role="group" aria-label="Reply to the query" className="query-reply">
          <label htmlFor={textId}>{side === 'site' ? 'Your answer or comment' : 'Your note'}</label>
          <textarea id={textId} rows={2} value={text} onChange={(e) => setText(e.target.value)} />
          <span className="actions">
            {actionsFor(query, side).map((action) => (
              <button
                key={action}
                type="button"
                disabled={result.fetching || (action !== 'CLOSE' && !text.trim())}
                onClick={() => void act(action)}
              >
                {ACTION_LABEL[action]}
              </button>
            ))}
          </span>
          <RefusalNotice error={result.error} />
        </div>
      )}
    </li>
  )
}

/**
 * The data queries on one item, open ones unfolded: the thread of each and, for the site, a reply
 * (answer or comment); for a data manager or monitor, close / re-open / comment, and raising a new
 * query on a value.
 */
export function QueryThread({
  formId,
  at,
  queries,
  side,
  mayRaise,
  zone,
  onChanged,
}: {
  formId: string
  at: ItemRef
  queries: readonly FormQuery[]
  side: 'site' | 'reviewer' | null
  mayRaise: boolean
  zone: string | null
  onChanged: () => void
}) {
  const [raising, setRaising] = useState(false)
  const [text, setText] = useState('')
  const [raised, raise] = useMutation(RaiseDataQueryDocument)
  const open = queries.filter((q) => q.status !== 'CLOSED').length
  if (queries.length === 0 && !mayRaise) return null
  const textId = `raise-${formId}-${at.group}-${at.row}-${at.item}`.replace(/\W+/g, '-')
  async function send() {
    const outcome = await raise({ input: { formId, ...at, text: text.trim() } })
    if (!outcome.error) {
      setText('')
      setRaising(false)
      onChanged()
    }
  }
  return (
    <div className="queries">
      {queries.length > 0 && (
        <details open={open > 0}>
          <summary>
            {open} open {open === 1 ? 'query' : 'queries'}
            {queries.length > open && ` · ${queries.length - open} closed`}
          </summary>
          <ul className="plain">
            {queries.map((query) => (
              <Thread key={query.id} query={query} side={side} zone={zone} onChanged={onChanged} />
            ))}
          </ul>
        </details>
      )}
      {mayRaise &&
        (raising ? (
          // Not a <form>: the item sits inside the form's own <form>, and forms do not nest.
          <div role="group" aria-label="Raise a query" className="query-reply">
            <label htmlFor={textId}>Query text</label>
            <textarea id={textId} rows={2} value={text} onChange={(e) => setText(e.target.value)} />
            <span className="actions">
              <button type="button" disabled={raised.fetching || !text.trim()} onClick={() => void send()}>
                Raise query
              </button>
              <button type="button" onClick={() => setRaising(false)}>
                Cancel
              </button>
            </span>
            <RefusalNotice error={raised.error} />
          </div>
        ) : (
          <button type="button" className="link-button" onClick={() => setRaising(true)}>
            Raise a query
          </button>
        ))}
    </div>
  )
}
