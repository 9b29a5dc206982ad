import { useState } from 'react'
import { Link } from 'wouter'
import { useQuery } from 'urql'
import { DataQueryListDocument, type QueryStatus } from '../generated/operations'
import { useWorkspace } from '../app/workspace'
import { SITE_STAFF, STUDY_STAFF } from '../session/accessGrants'
import { Empty, ErrorNotice, Loading } from '../ui/States'
import { Pager, useCursorPages } from '../ui/Pager'
import { errorMessage, failedEntirely } from '../ui/partialData'
import { formatDateTime } from '../ui/time'
import { words } from '../ui/words'

const PAGE_SIZE = 25
const FILTERS: { label: string; status: QueryStatus[] }[] = [
  { label: 'Waiting (open or answered)', status: ['OPEN', 'ANSWERED'] },
  { label: 'Open: the site answers', status: ['OPEN'] },
  { label: 'Answered: review and close', status: ['ANSWERED'] },
  { label: 'Closed', status: ['CLOSED'] },
]

interface Scope {
  studyId: string
  siteId: string | null
  label: string
}

function QueryList({ scope, status }: { scope: Scope; status: QueryStatus[] }) {
  const pages = useCursorPages()
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: DataQueryListDocument,
    variables: { studyId: scope.studyId, siteId: scope.siteId, status, first: PAGE_SIZE, after: pages.after },
    requestPolicy: 'cache-and-network',
  })
  if (!data && fetching) return <Loading what="the queries" />
  if (failedEntirely(data, error) || !data)
    return (
      <ErrorNotice
        title="The queries did not load"
        message={errorMessage(error)}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      />
    )
  const { edges, pageInfo } = data.dataQueries
  return (
    <>
      {edges.length === 0 ? (
        <Empty>No query in this state.</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Data queries of {scope.label}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Subject</th>
                <th scope="col">Visit and form</th>
                <th scope="col">Status</th>
                <th scope="col">Last message</th>
              </tr>
            </thead>
            <tbody>
              {edges.map(({ node }) => {
                const zone = node.form.patient?.site?.timeZone
                const last = node.messages[node.messages.length - 1]
                return (
                  <tr key={node.id}>
                    <th scope="row">
                      <Link href={`/forms/${node.formId}`}>
                        {node.item}
                        {node.row > 1 ? ` (record ${node.row})` : ''}
                      </Link>
                    </th>
                    <td>{node.form.patient?.subjectNumber ?? '—'}</td>
                    <td>
                      {node.form.visit?.name ?? '—'} · {node.form.name}
                    </td>
                    <td>
                      {words(node.status)}
                      <small> · {node.origin === 'EDIT_CHECK' ? 'edit check' : 'manual'}</small>
                    </td>
                    <td>
                      {last?.text ?? '—'}
                      {last && (
                        <small>
                          {' '}
                          · {last.authorRole.toLowerCase()}, {formatDateTime(last.at, zone)}
                        </small>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager pages={pages} hasNextPage={pageInfo.hasNextPage} endCursor={pageInfo.endCursor} />
    </>
  )
}

/**
 * The data queries a person works on (DataQueryList): a site's for its staff, the study's for data
 * managers and monitors; waiting ones first by default, each opening its form at the item.
 */
export function QueryListScreen() {
  const workspace = useWorkspace()
  const [filter, setFilter] = useState(0)
  const [chosen, setChosen] = useState(0)
  if (!workspace.data && workspace.fetching) return <Loading what="your sites" />
  if (!workspace.data) return <ErrorNotice title="Your sites did not load" message={errorMessage(workspace.error)} />
  const scopes: Scope[] = workspace.data.me.roles.flatMap((r) => {
    if (!r.study) return []
    if (STUDY_STAFF.includes(r.role))
      return [
        {
          studyId: r.study.id,
          siteId: r.site?.id ?? null,
          label: r.site ? `site ${r.site.siteNumber}` : r.study.protocolId,
        },
      ]
    if (SITE_STAFF.includes(r.role) && r.site)
      return [{ studyId: r.study.id, siteId: r.site.id, label: `${r.study.protocolId} site ${r.site.siteNumber}` }]
    return []
  })
  const unique = scopes.filter(
    (s, i) => scopes.findIndex((o) => o.studyId === s.studyId && o.siteId === s.siteId) === i,
  )
  const scope = unique[chosen] ?? unique[0]
  return (
    <section aria-labelledby="queries-title">
      <h1 id="queries-title">Data queries{scope ? ` · ${scope.label}` : ''}</h1>
      <div className="toolbar">
        {unique.length > 1 && (
          <label>
            Of{' '}
            <select value={chosen} onChange={(e) => setChosen(Number(e.target.value))}>
              {unique.map((s, i) => (
                <option key={`${s.studyId}:${s.siteId}`} value={i}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Show{' '}
          <select value={filter} onChange={(e) => setFilter(Number(e.target.value))}>
            {FILTERS.map((f, i) => (
              <option key={f.label} value={i}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {scope ? (
        <QueryList key={`${scope.studyId}:${scope.siteId}:${filter}`} scope={scope} status={FILTERS[filter]!.status} />
      ) : (
        <Empty>You hold no role that works on data queries.</Empty>
      )}
    </section>
  )
}
