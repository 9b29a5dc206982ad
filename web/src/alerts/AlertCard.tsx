import { useState } from 'react'
import { Link } from 'wouter'
import { useActiveSession, useServices } from '../app/appServices'
import { formatDateTime } from '../ui/time'
import type { AlertView } from './alertFeed'

/** One alert, acknowledged in place by the signed-in coordinator. */
export function AlertCard({ alert, zone }: { alert: AlertView; zone?: string | null }) {
  const { feed } = useServices()
  const { session } = useActiveSession()
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const open = alert.status === 'OPEN'
  async function acknowledge() {
    if (!feed) return
    setBusy(true)
    setProblem(await feed.acknowledge(alert.id, session.userId))
    setBusy(false)
  }
  return (
    <li
      className={`alert-card severity-${alert.severity.toLowerCase()}`}
      data-testid="alert-card"
      data-alert-id={alert.id}
    >
      <div>
        <strong>
          {alert.severity} · {alert.ctcaeTerm ?? 'Safety rule'}
          {alert.ctcaeGrade ? ` grade ${alert.ctcaeGrade}` : ''}
        </strong>
        <p>{alert.summary}</p>
        <small>
          {alert.patientId ? (
            <Link href={`/patients/${alert.patientId}`}>{alert.subjectNumber}</Link>
          ) : (
            alert.subjectNumber
          )}
          {alert.siteName && ` · ${alert.siteName}`} · {formatDateTime(alert.detectedAt, zone ?? alert.timeZone)}
        </small>
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
      </div>
      {open ? (
        <button type="button" onClick={() => void acknowledge()} disabled={busy}>
          {busy ? 'Acknowledging…' : 'Acknowledge'}
        </button>
      ) : (
        <span className="acknowledged" data-testid="alert-acknowledged">
          Acknowledged
        </span>
      )}
    </li>
  )
}
