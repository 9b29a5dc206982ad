import type { ReactNode } from 'react'
import { Link, useLocation } from 'wouter'
import { useActiveSession, useAlertFeed, useConnectionState, useServices } from './appServices'
import { AlertToasts } from '../alerts/AlertToasts'
import { ScreenErrorBoundary } from '../ui/ScreenErrorBoundary'
import { AGGREGATE_ONLY, SITE_STAFF, STUDY_STAFF, hasRole } from '../session/accessGrants'

const CONNECTION_LABEL = {
  idle: 'Live feed off',
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Live feed closed',
} as const

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const [location] = useLocation()
  const current = location === href || (href !== '/' && location.startsWith(href))
  return (
    <Link href={href} aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  )
}

/** The frame of every signed-in screen: role-aware navigation, the live feed's state, sign-out. */
export function Layout({ children }: { children: ReactNode }) {
  const { session, grants } = useActiveSession()
  const [location] = useLocation()
  const { sessions, feed } = useServices()
  const { openCount } = useAlertFeed()
  const connection = useConnectionState()
  const seesPatients = hasRole(grants, [...SITE_STAFF, ...STUDY_STAFF])
  const seesAggregates = hasRole(grants, AGGREGATE_ONLY)
  const isPatient = hasRole(grants, ['PATIENT'])
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Trial workspace</span>
        <nav aria-label="Main">
          {seesPatients && <NavLink href="/sites">Sites</NavLink>}
          {seesPatients && <NavLink href="/queries">Queries</NavLink>}
          {hasRole(grants, ['MONITOR']) && <NavLink href="/sdv">SDV worklist</NavLink>}
          {feed && (
            <NavLink href="/alerts">
              Alerts{' '}
              <span className="badge" data-testid="open-alert-count" aria-label={`${openCount} open`}>
                {openCount}
              </span>
            </NavLink>
          )}
          {seesAggregates && <NavLink href="/studies">Studies</NavLink>}
          {isPatient && <NavLink href="/diary">My diary</NavLink>}
        </nav>
        <span className="session">
          {feed && (
            <span className={`connection connection-${connection}`} role="status" data-testid="connection-state">
              {CONNECTION_LABEL[connection]}
            </span>
          )}
          <span className="user">{session.displayName}</span>
          <button type="button" onClick={() => void sessions.signOut()}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <ScreenErrorBoundary resetKey={location}>{children}</ScreenErrorBoundary>
      </main>
      <AlertToasts />
    </>
  )
}
