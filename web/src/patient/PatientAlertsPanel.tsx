import type { AlertView } from '../alerts/alertFeed'
import { AlertCard } from '../alerts/AlertCard'
import { Empty } from '../ui/States'

/** This patient's alerts from the live feed (open ones, and any raised while the page is open). */
export function PatientAlertsPanel({ alerts, zone }: { alerts: readonly AlertView[]; zone: string | null }) {
  return (
    <section className="panel" aria-labelledby="panel-alerts" data-testid="panel-alerts">
      <h2 id="panel-alerts">Alerts</h2>
      {alerts.length === 0 ? (
        <Empty>No open alerts.</Empty>
      ) : (
        <ul className="alert-list">
          {alerts.map((alert) => (
            <AlertCard key={alert.id} alert={alert} zone={zone} />
          ))}
        </ul>
      )}
    </section>
  )
}
