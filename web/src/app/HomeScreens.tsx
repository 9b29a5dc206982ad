import { Link, Redirect } from 'wouter'
import { useActiveSession } from './appServices'
import { sitesOf, useWorkspace } from './workspace'
import { AGGREGATE_ONLY, SITE_STAFF, STUDY_STAFF, hasRole } from '../session/accessGrants'
import { Empty, ErrorNotice, Loading } from '../ui/States'
import { errorMessage } from '../ui/partialData'

/** Where a user lands: their site's dashboard, their studies, or their own diary. */
export function HomeRedirect() {
  const { grants } = useActiveSession()
  if (hasRole(grants, [...SITE_STAFF, ...STUDY_STAFF])) return <Redirect to="/sites" replace />
  if (hasRole(grants, AGGREGATE_ONLY)) return <Redirect to="/studies" replace />
  if (hasRole(grants, ['PATIENT'])) return <Redirect to="/diary" replace />
  return (
    <ErrorNotice title="Nothing to show" message="Your account holds no role on a trial yet. Ask your study manager." />
  )
}

/** The sites whose patients the user sees; straight to the dashboard when there is one. */
export function SitesScreen() {
  const { data, error, fetching, reexecute } = useWorkspace()
  if (!data && fetching) return <Loading what="your sites" />
  if (!data)
    return <ErrorNotice title="Your sites did not load" message={errorMessage(error)} onRetry={() => reexecute()} />
  const sites = sitesOf(data.me.roles)
  if (sites.length === 1) return <Redirect to={`/sites/${sites[0]!.id}`} replace />
  return (
    <section aria-labelledby="sites-title">
      <h1 id="sites-title">Your sites</h1>
      {sites.length === 0 ? (
        <Empty>You hold no role at a site.</Empty>
      ) : (
        <ul className="link-list">
          {sites.map((site) => (
            <li key={site.id}>
              <Link href={`/sites/${site.id}`}>
                {site.protocolId} · {site.siteNumber} — {site.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** The studies a sponsor or study manager follows (aggregates only). */
export function StudiesScreen() {
  const { data, error, fetching, reexecute } = useWorkspace()
  if (!data && fetching) return <Loading what="your studies" />
  if (!data)
    return <ErrorNotice title="Your studies did not load" message={errorMessage(error)} onRetry={() => reexecute()} />
  const studies = new Map(
    data.me.roles.filter((r) => r.study && AGGREGATE_ONLY.includes(r.role)).map((r) => [r.study!.id, r.study!]),
  )
  if (studies.size === 1) return <Redirect to={`/studies/${[...studies.keys()][0]}`} replace />
  return (
    <section aria-labelledby="studies-title">
      <h1 id="studies-title">Your studies</h1>
      {studies.size === 0 ? (
        <Empty>No study to show.</Empty>
      ) : (
        <ul className="link-list">
          {[...studies.values()].map((study) => (
            <li key={study.id}>
              <Link href={`/studies/${study.id}`}>
                {study.protocolId} — {study.shortTitle}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
