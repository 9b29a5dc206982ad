import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react'
import { Provider as UrqlProvider } from 'urql'
import { SessionManager, type SessionState } from '../session/sessionManager'
import { createUrqlClient } from '../api/urqlClient'
import { openLiveConnection, type ConnectionState, type LiveConnection } from '../api/liveConnection'
import { AlertFeed, type AlertView, type FeedSnapshot } from '../alerts/alertFeed'
import { SITE_STAFF } from '../session/accessGrants'

interface Services {
  sessions: SessionManager
  live: LiveConnection | null
  feed: AlertFeed | null
  /** New live alerts, for the toasts. */
  onLiveAlert(listener: (alert: AlertView) => void): () => void
}

const ServicesContext = createContext<Services | null>(null)

const sessions = new SessionManager()

/**
 * Everything the screens share for one signed-in session: the GraphQL client, the live
 * connection and, for site staff, the alert feed of their sites. Each user gets their own
 * (remounted on sign-in), so nothing of one user's answers or state reaches the next.
 */
export function AppServices({ children }: { children: ReactNode }) {
  const state = useSessionState()
  const userKey = state.kind === 'active' ? state.session.userId : 'nobody'
  // The sites whose alerts the feed follows; a refreshed token with other roles reopens it.
  const siteKey =
    state.kind === 'active'
      ? [...new Set(state.grants.filter((g) => SITE_STAFF.includes(g.role) && g.siteId).map((g) => g.siteId!))]
          .sort()
          .join(',')
      : ''
  return (
    <UserServices key={userKey} siteKey={siteKey}>
      {children}
    </UserServices>
  )
}

function UserServices({ siteKey, children }: { siteKey: string; children: ReactNode }) {
  const [urql] = useState(() => createUrqlClient(sessions))
  const [liveAlertListeners] = useState(() => new Set<(alert: AlertView) => void>())
  const [live, setLive] = useState<{ live: LiveConnection; feed: AlertFeed } | null>(null)
  useEffect(() => {
    if (!siteKey) return
    const connection = openLiveConnection(sessions)
    const feed = new AlertFeed(urql, connection, siteKey.split(','), (alert) =>
      liveAlertListeners.forEach((listener) => listener(alert)),
    )
    feed.start()
    setLive({ live: connection, feed })
    return () => {
      feed.stop()
      connection.dispose()
      setLive(null)
    }
  }, [siteKey, urql, liveAlertListeners])
  const services = useMemo<Services>(
    () => ({
      sessions,
      live: live?.live ?? null,
      feed: live?.feed ?? null,
      onLiveAlert(listener) {
        liveAlertListeners.add(listener)
        return () => liveAlertListeners.delete(listener)
      },
    }),
    [live, liveAlertListeners],
  )
  return (
    <ServicesContext.Provider value={services}>
      <UrqlProvider value={urql}>{children}</UrqlProvider>
    </ServicesContext.Provider>
  )
}

export function useServices(): Services {
  const services = useContext(ServicesContext)
  if (!services) throw new Error('useServices outside AppServices')
  return services
}

export function useSessionState(): SessionState {
  return useSyncExternalStore(
    (listener) => sessions.subscribe(listener),
    () => sessions.state,
  )
}

/** The signed-in session; screens behind the sign-in gate only. */
export function useActiveSession() {
  const state = useSessionState()
  if (state.kind !== 'active') throw new Error('useActiveSession without a session')
  return state
}

const EMPTY_FEED: FeedSnapshot = { alerts: [], openCount: 0, error: null }

export function useAlertFeed(): FeedSnapshot {
  const { feed } = useServices()
  return useSyncExternalStore(
    (listener) => feed?.listen(listener) ?? (() => undefined),
    () => feed?.current() ?? EMPTY_FEED,
  )
}

export function useConnectionState(): ConnectionState {
  const { live } = useServices()
  return useSyncExternalStore(
    (listener) => live?.onState(listener) ?? (() => undefined),
    () => live?.state() ?? 'idle',
  )
}
