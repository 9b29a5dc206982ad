import { useState } from 'react'
import { useAlertFeed, useConnectionState } from '../app/appServices'
import { Empty, ErrorNotice } from '../ui/States'
import { AlertCard } from './AlertCard'
import { notificationsSupported, setSoundEnabled, soundEnabled } from './alertSignals'

/** The coordinator's live feed: open alerts first, new ones as they are raised. */
export function AlertFeedScreen() {
  const { alerts, openCount, error } = useAlertFeed()
  const connection = useConnectionState()
  const [sound, setSound] = useState(soundEnabled)
  const [permission, setPermission] = useState(() => (notificationsSupported() ? Notification.permission : 'denied'))
  const [showAcknowledged, setShowAcknowledged] = useState(false)
  const shown = showAcknowledged ? alerts : alerts.filter((a) => a.status === 'OPEN')
  return (
    <section aria-labelledby="feed-title">
      <h1 id="feed-title">Adverse-event alerts</h1>
      <div className="toolbar">
        <span role="status">
          {openCount} open · feed {connection === 'connected' ? 'live' : connection}
        </span>
        <label>
          <input
            type="checkbox"
            checked={sound}
            onChange={(e) => {
              setSoundEnabled(e.target.checked)
              setSound(e.target.checked)
            }}
          />{' '}
          Sound on new alerts
        </label>
        {notificationsSupported() && permission === 'default' && (
          <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
            Notify me when this tab is in the background
          </button>
        )}
        <label>
          <input type="checkbox" checked={showAcknowledged} onChange={(e) => setShowAcknowledged(e.target.checked)} />{' '}
          Show acknowledged
        </label>
      </div>
      {error && <ErrorNotice title="The live feed has a problem" message={error} />}
      {shown.length === 0 ? (
        <Empty>No open alerts. New ones appear here as they are raised.</Empty>
      ) : (
        <ul className="alert-list" aria-label="Alerts">
          {shown.map((alert) => (
            <AlertCard key={alert.id} alert={alert} />
          ))}
        </ul>
      )}
    </section>
  )
}
