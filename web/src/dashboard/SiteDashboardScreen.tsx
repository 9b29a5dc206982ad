import { useMemo, useState } from 'react'
import { useQuery } from 'urql'
import { Link } from 'wouter'
import { SiteDashboardDocument, type EnrollmentStatus } from '../generated/operations'
import { useActiveSession, useAlertFeed } from '../app/appServices'
import { SITE_STAFF, hasRole } from '../session/accessGrants'
import { Empty, ErrorNotice, Loading, Unavailable } from '../ui/States'
import { errorMessage, failedEntirely, fieldError } from '../ui/partialData'
import { formatDate } from '../ui/time'
import { words } from '../ui/words'
import { Pager, useCursorPages } from '../ui/Pager'
import { FILTER_LABELS, SORT_LABELS, arrangeRows, type RowFilter, type SortKey } from './patientRows'

const PAGE_SIZE = 25
const STATUSES: EnrollmentStatus[] = [
  'SCREENING',
  'ENROLLING',
  'ENROLLED',
  'ENROLLMENT_FAILED',
  'COMPLETED',
  'WITHDRAWN',
  'SCREEN_FAILED',
]

/** The site's working list: one SiteDashboard request per page, paged by cursor. */
export function SiteDashboardScreen({ siteId }: { siteId: string }) {
  // Cursors of the pages before this one, so "Previous" goes back without an offset.
  const pages = useCursorPages()
  const { grants } = useActiveSession()
  const [status, setStatus] = useState<EnrollmentStatus | ''>('')
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'subjectNumber', descending: false })
  const [filters, setFilters] = useState<Set<RowFilter>>(new Set())
  const after = pages.after
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: SiteDashboardDocument,
    variables: { siteId, first: PAGE_SIZE, after, status: status || null },
  })
  const feed = useAlertFeed()
  const siteOpenAlerts = feed.alerts.filter((a) => a.status === 'OPEN' && a.siteId === siteId)
  const withOpenAlerts = useMemo(() => new Set(siteOpenAlerts.map((a) => a.patientId!)), [siteOpenAlerts])
  const retry = () => reexecute({ requestPolicy: 'network-only' })
  // A column whose context did not answer says so, rather than showing a blank as if there were no data.
  const missing = (service: string) => (fieldError(error, ['site', 'patients'], [service]) ? 'unavailable' : '—')

  if (!data && fetching) return <Loading what="the site dashboard" />
  if (failedEntirely(data, error))
    return <ErrorNotice title="The dashboard did not load" message={errorMessage(error)} onRetry={retry} />
  const site = data?.site
  if (!site)
    return <ErrorNotice title="No such site" message={errorMessage(error) || 'This site is not one of yours.'} />
  const page = site.patients
  const rows = arrangeRows(page?.edges.map((e) => e.node) ?? [], sort, filters, withOpenAlerts)
  const toggleFilter = (filter: RowFilter) =>
    setFilters((current) => {
      const next = new Set(current)
      if (next.has(filter)) next.delete(filter)
      else next.add(filter)
      return next
    })
  const sortBy = (key: SortKey) => setSort((s) => ({ key, descending: s.key === key ? !s.descending : false }))

  // Site staff screen and enroll; the study's data managers and monitors only read.
  const screens = hasRole(grants, SITE_STAFF)
  return (
    <section aria-labelledby="site-title" className="dashboard">
      <h1 id="site-title">
        {site.study.protocolId} · Site {site.siteNumber} — {site.name}
      </h1>
      <nav className="actions" aria-label="Site">
        {screens && <Link href={`/sites/${siteId}/screening`}>Screen a subject</Link>}
        <Link href={`/sites/${siteId}/stock`}>Kit stock</Link>
      </nav>
      <div className="tiles">
        <div className="tile" data-testid="tile-enrollment">
          <span className="tile-label">Enrolled</span>
          {site.enrollment ? (
            <span className="tile-value">
              {site.enrollment.enrolled} / {site.enrollmentCap}
              {site.enrollment.inProgress > 0 && <small> ({site.enrollment.inProgress} in progress)</small>}
            </span>
          ) : (
            <Unavailable what="Enrollment" onRetry={retry} />
          )}
        </div>
        <div className="tile" data-testid="tile-alerts">
          <span className="tile-label">Open alerts</span>
          <span className="tile-value" data-testid="site-open-alerts">
            {siteOpenAlerts.length}
          </span>
        </div>
        <div className="tile">
          <span className="tile-label">Open data queries</span>
          <span className="tile-value">{site.dataQueryCounts ? site.dataQueryCounts.open : '—'}</span>
        </div>
        <div className="tile">
          <span className="tile-label">Kits available</span>
          <span className="tile-value">
            {site.stock ? site.stock.availableKits : '—'}
            {site.stock?.lowStock && <small className="warning"> low stock</small>}
          </span>
        </div>
      </div>

      <div className="toolbar" role="group" aria-label="Filters">
        <label>
          Status{' '}
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as EnrollmentStatus | '')
              pages.reset()
            }}
          >
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {words(s)}
              </option>
            ))}
          </select>
        </label>
        {(Object.keys(FILTER_LABELS) as RowFilter[]).map((filter) => (
          <button key={filter} type="button" aria-pressed={filters.has(filter)} onClick={() => toggleFilter(filter)}>
            {FILTER_LABELS[filter]}
          </button>
        ))}
        <span className="page-count" role="status">
          {page ? `${page.totalCount} subjects` : ''}
          {fetching ? ' · updating…' : ''}
        </span>
      </div>

      {!page ? (
        <Unavailable what="Subjects" onRetry={retry} />
      ) : rows.length === 0 ? (
        <Empty>
          {page.edges.length === 0 ? 'No subjects at this site yet.' : 'No subject on this page matches the filters.'}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">
              Subjects of site {site.siteNumber}, page {pages.page}
            </caption>
            <thead>
              <tr>
                {(Object.keys(SORT_LABELS) as SortKey[]).map((key) => (
                  <th
                    key={key}
                    scope="col"
                    aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : undefined}
                  >
                    <button type="button" className="sort" onClick={() => sortBy(key)}>
                      {SORT_LABELS[key]}
                    </button>
                  </th>
                ))}
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row">
                    <Link href={`/patients/${row.id}`}>{row.subjectNumber}</Link>
                    {withOpenAlerts.has(row.id) && <span className="dot" aria-label="open alert" />}
                  </th>
                  <td>{row.latestEproSubmission?.painScore ?? missing('epro')}</td>
                  <td>{row.abnormalLabCount ?? missing('labs')}</td>
                  <td>
                    {row.eproCompliance?.percentage != null ? `${Math.round(row.eproCompliance.percentage)} %` : '—'}
                  </td>
                  <td>{row.nextVisit ? `${row.nextVisit.name}, ${formatDate(row.nextVisit.scheduledDate)}` : '—'}</td>
                  <td>{row.casebook?.openQueryCount ?? '—'}</td>
                  <td>{words(row.enrollmentStatus)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager pages={pages} hasNextPage={page?.pageInfo.hasNextPage} endCursor={page?.pageInfo.endCursor} />
    </section>
  )
}
