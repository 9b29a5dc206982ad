import { useState } from 'react'
import { Link } from 'wouter'
import { useQuery } from 'urql'
import { SdvWorklistDocument } from '../generated/operations'
import { useWorkspace } from '../app/workspace'
import { STUDY_STAFF } from '../session/accessGrants'
import { Empty, ErrorNotice, Loading } from '../ui/States'
import { Pager, useCursorPages } from '../ui/Pager'
import { errorMessage, failedEntirely } from '../ui/partialData'
import { formatDateTime } from '../ui/time'
import { words } from '../ui/words'

const PAGE_SIZE = 25

function Worklist({ studyId }: { studyId: string }) {
  const pages = useCursorPages()
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: SdvWorklistDocument,
    variables: { studyId, first: PAGE_SIZE, after: pages.after },
    requestPolicy: 'cache-and-network',
  })
  if (!data && fetching) return <Loading what="the worklist" />
  if (failedEntirely(data, error) || !data)
    return (
      <ErrorNotice
        title="The worklist did not load"
        message={errorMessage(error)}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      />
    )
  const { edges, pageInfo } = data.sdvWorklist
  return (
    <>
      {edges.length === 0 ? (
        <Empty>Nothing waits for verification: every completed form is verified.</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Forms waiting for source data verification, page {pages.page}</caption>
            <thead>
              <tr>
                <th scope="col">Form</th>
                <th scope="col">Subject</th>
                <th scope="col">Visit</th>
                <th scope="col">Completed</th>
                <th scope="col">Waiting values</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {edges.map(({ node, unverifiedCount, unverifiedCriticalCount }) => (
                <tr key={node.id} className={unverifiedCriticalCount ? 'abnormal' : undefined}>
                  <th scope="row">
                    <Link href={`/forms/${node.id}`}>{node.name}</Link>
                  </th>
                  <td>
                    {node.patient
                      ? `${node.patient.subjectNumber} (site ${node.patient.site?.siteNumber ?? '?'})`
                      : '—'}
                  </td>
                  <td>{node.visit?.name ?? '—'}</td>
                  <td>{formatDateTime(node.completedAt, node.patient?.site?.timeZone)}</td>
                  <td>
                    {unverifiedCount}
                    {unverifiedCriticalCount > 0 && <span className="flag"> {unverifiedCriticalCount} critical</span>}
                  </td>
                  <td>{words(node.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager pages={pages} hasNextPage={pageInfo.hasNextPage} endCursor={pageInfo.endCursor} />
    </>
  )
}

/**
 * The monitor's source data verification worklist (SdvWorklist): completed forms with values not
 * yet verified, critical ones first, each opening the form to verify item by item.
 */
export function SdvWorklistScreen() {
  const workspace = useWorkspace()
  const [chosen, setChosen] = useState<string | null>(null)
  if (!workspace.data && workspace.fetching) return <Loading what="your studies" />
  if (!workspace.data) return <ErrorNotice title="Your studies did not load" message={errorMessage(workspace.error)} />
  const studies = new Map(
    workspace.data.me.roles.filter((r) => r.study && STUDY_STAFF.includes(r.role)).map((r) => [r.study!.id, r.study!]),
  )
  const studyId = chosen ?? [...studies.keys()][0]
  return (
    <section aria-labelledby="sdv-title">
      <h1 id="sdv-title">Source data verification</h1>
      {studies.size > 1 && (
        <label>
          Study{' '}
          <select value={studyId} onChange={(e) => setChosen(e.target.value)}>
            {[...studies.values()].map((s) => (
              <option key={s.id} value={s.id}>
                {s.protocolId}
              </option>
            ))}
          </select>
        </label>
      )}
      {studyId ? <Worklist key={studyId} studyId={studyId} /> : <Empty>You monitor no study.</Empty>}
    </section>
  )
}
