import type { ReactNode } from 'react'
import type { CombinedError } from '@urql/core'
import { errorCode, errorMessage } from './partialData'

export function Loading({ what }: { what: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  )
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state state-empty">{children}</p>
}

/** In place of a part of a page whose data did not arrive; the rest of the page stays. */
export function Unavailable({ what, reason, onRetry }: { what: string; reason?: string; onRetry: () => void }) {
  return (
    <div className="state state-unavailable" role="status" data-testid={`unavailable-${what}`}>
      <span>
        <strong>{what} unavailable</strong>
        {reason ? ` — ${reason}` : ''}
      </span>
      <button type="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  )
}

export function ErrorNotice({ title, message, onRetry }: { title: string; message: string; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <strong>{title}</strong>
      <p>{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  )
}

/** What the server said when it refused a request, where the person acted: its message, its stable code. */
export function RefusalNotice({ error }: { error: CombinedError | undefined }) {
  if (!error) return null
  return (
    <p className="field-error" role="alert" data-code={errorCode(error)}>
      {errorMessage(error)}
    </p>
  )
}
