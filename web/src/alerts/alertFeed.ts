import type { Client as UrqlClient } from '@urql/core'
import { stringifyDocument } from '@urql/core'
import {
  AcknowledgeAlertDocument,
  CrcAlertFeedDocument,
  OpenAlertsDocument,
  type AlertCardFragment,
  type CrcAlertFeedSubscription,
} from '../generated/operations'
import type { LiveConnection } from '../api/liveConnection'

/** An alert as the feed shows it, whichever operation brought it. */
export interface AlertView {
  id: string
  cursor: string
  severity: string
  ctcaeTerm: string | null
  ctcaeGrade: number | null
  summary: string
  detectedAt: string
  status: string
  patientId: string | null
  subjectNumber: string | null
  siteId: string | null
  siteName: string | null
  timeZone: string | null
}

type FeedAlert = CrcAlertFeedSubscription['adverseEventAlerts']

function viewOf(alert: AlertCardFragment | FeedAlert): AlertView {
  return {
    id: alert.id,
    cursor: alert.cursor,
    severity: alert.severity,
    ctcaeTerm: alert.ctcaeTerm ?? null,
    ctcaeGrade: alert.ctcaeGrade ?? null,
    summary: alert.summary,
    detectedAt: alert.detectedAt,
    status: alert.status,
    patientId: alert.patient?.id ?? null,
    subjectNumber: alert.patient?.subjectNumber ?? null,
    siteId: alert.patient?.site?.id ?? null,
    siteName: alert.patient?.site?.name ?? null,
    timeZone: alert.patient?.site?.timeZone ?? null,
  }
}

export interface FeedSnapshot {
  alerts: AlertView[]
  openCount: number
  error: string | null
}

/**
 * The live adverse-event feed of a coordinator's sites: the open alerts, then every new one as
 * it is raised. It subscribes before it reads the open alerts, so an alert raised in between
 * arrives by one path or both (kept once, by id). After a dropped connection graphql-ws sends
 * the same subscribe payload again; the feed keeps the last cursor received in that payload's
 * `after`, so the gateway replays exactly what was missed — no gap, and nothing twice.
 */
export class AlertFeed {
  private readonly byId = new Map<string, AlertView>()
  private readonly listeners = new Set<(snapshot: FeedSnapshot) => void>()
  private snapshot: FeedSnapshot = { alerts: [], openCount: 0, error: null }
  private dispose: (() => void)[] = []

  constructor(
    private readonly urql: UrqlClient,
    private readonly live: LiveConnection,
    private readonly siteIds: string[],
    /** A new open alert that arrived live (not one read at start). */
    private readonly onLiveAlert: (alert: AlertView) => void,
  ) {}

  start(): void {
    const payload = {
      query: stringifyDocument(CrcAlertFeedDocument),
      variables: { siteIds: this.siteIds, after: null as string | null },
    }
    const unsubscribe = this.live.client.subscribe<CrcAlertFeedSubscription>(payload, {
      next: (result) => {
        const alert = result.data?.adverseEventAlerts
        if (!alert) {
          if (result.errors?.length) this.fail(result.errors[0]!.message)
          return
        }
        // Mutated in place on purpose: a reconnection re-sends this very object (see the class comment).
        payload.variables.after = alert.cursor
        const known = this.byId.has(alert.id)
        this.put(viewOf(alert))
        if (!known && alert.status === 'OPEN') this.onLiveAlert(viewOf(alert))
      },
      error: (error) => this.fail(error instanceof Error ? error.message : 'The live feed was closed by the server.'),
      complete: () => undefined,
    })
    this.dispose.push(
      unsubscribe,
      this.live.onReconnected(() => void this.loadOpen()),
    )
    void this.loadOpen()
  }

  stop(): void {
    for (const dispose of this.dispose) dispose()
    this.dispose = []
  }

  current(): FeedSnapshot {
    return this.snapshot
  }

  listen(listener: (snapshot: FeedSnapshot) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async acknowledge(alertId: string, userId: string): Promise<string | null> {
    const result = await this.urql.mutation(AcknowledgeAlertDocument, { alertId, userId }).toPromise()
    const acknowledged = result.data?.acknowledgeAdverseEventAlert
    if (!acknowledged) return result.error?.graphQLErrors[0]?.message ?? result.error?.message ?? 'Not acknowledged.'
    const alert = this.byId.get(alertId)
    if (alert) this.put({ ...alert, status: acknowledged.status })
    return null
  }

  /** The open alerts as stored now: the start, and after each reconnection. */
  private async loadOpen(): Promise<void> {
    const result = await this.urql
      .query(OpenAlertsDocument, { siteIds: this.siteIds }, { requestPolicy: 'network-only' })
      .toPromise()
    if (result.error) return this.fail(result.error.graphQLErrors[0]?.message ?? result.error.message)
    for (const alert of result.data?.adverseEventAlerts ?? []) this.put(viewOf(alert), { keepNewerStatus: true })
    this.publish(null)
  }

  private put(alert: AlertView, options: { keepNewerStatus?: boolean } = {}): void {
    const known = this.byId.get(alert.id)
    // An acknowledgement seen here already outranks an older read that still says OPEN.
    const status = options.keepNewerStatus && known && known.status !== 'OPEN' ? known.status : alert.status
    this.byId.set(alert.id, { ...alert, status })
    this.publish(this.snapshot.error)
  }

  private fail(message: string): void {
    this.publish(message)
  }

  private publish(error: string | null): void {
    const alerts = [...this.byId.values()].sort((a, b) => b.detectedAt.localeCompare(a.detectedAt))
    this.snapshot = { alerts, openCount: alerts.filter((a) => a.status === 'OPEN').length, error }
    for (const listener of this.listeners) listener(this.snapshot)
  }
}
