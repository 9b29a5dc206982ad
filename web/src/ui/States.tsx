import type { ReactNode } from 'react'

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
