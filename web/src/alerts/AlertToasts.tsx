import { useEffect, useState } from 'react'
import { Link } from 'wouter'
import { useServices } from '../app/appServices'
import type { AlertView } from './alertFeed'
import { notifyInBackground, playAlertTone } from './alertSignals'

const TOAST_MS = 12_000

/** A toast per alert raised while the user works, announced to screen readers as well. */
export function AlertToasts() {
  const { onLiveAlert } = useServices()
  const [toasts, setToasts] = useState<AlertView[]>([])
  useEffect(
    () =>
      onLiveAlert((alert) => {
        setToasts((current) => [alert, ...current].slice(0, 4))
        playAlertTone()
        notifyInBackground(`Adverse-event alert: ${alert.subjectNumber ?? ''}`, alert.summary)
        setTimeout(() => setToasts((current) => current.filter((t) => t.id !== alert.id)), TOAST_MS)
      }),
    [onLiveAlert],
  )
  return (
    <div className="toasts" role="log" aria-live="assertive" aria-label="New alerts">
      {toasts.map((alert) => (
        <div key={alert.id} className={`toast severity-${alert.severity.toLowerCase()}`} data-testid="alert-toast">
          <strong>
            {alert.severity} alert · {alert.subjectNumber}
          </strong>
          <span>{alert.summary}</span>
          <span className="toast-actions">
            {alert.patientId && <Link href={`/patients/${alert.patientId}`}>Open patient</Link>}
            <button type="button" onClick={() => setToasts((c) => c.filter((t) => t.id !== alert.id))}>
              Dismiss
            </button>
          </span>
        </div>
      ))}
    </div>
  )
}
