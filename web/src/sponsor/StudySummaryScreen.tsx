import { useQuery } from 'urql'
import { StudyEnrollmentSummaryDocument } from '../generated/operations'
import { ErrorNotice, Loading } from '../ui/States'
import { errorMessage } from '../ui/partialData'

/** A sponsor's and study manager's view of a study: counts per site against each cap, never a patient. */
export function StudySummaryScreen({ studyId }: { studyId: string }) {
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: StudyEnrollmentSummaryDocument,
    variables: { studyId },
  })
  if (!data && fetching) return <Loading what="the study" />
  const study = data?.study
  if (!study)
    return (
      <ErrorNotice
        title="The study did not load"
        message={errorMessage(error) || 'No such study.'}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      />
    )
  return (
    <section aria-labelledby="study-title">
      <h1 id="study-title">
        {study.protocolId} — {study.shortTitle}
      </h1>
      <p>
        Status {study.status.toLowerCase()} ·{' '}
        {study.enrollment
          ? `${study.enrollment.enrolled} of ${study.enrollment.target} enrolled, ${study.enrollment.inProgress} in progress`
          : 'enrollment unavailable'}
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Status</th>
              <th scope="col">Enrolled</th>
              <th scope="col">In progress</th>
              <th scope="col">Cap</th>
            </tr>
          </thead>
          <tbody>
            {study.sites.map((site) => (
              <tr key={site.id}>
                <th scope="row">
                  {site.siteNumber} {site.name}
                </th>
                <td>{site.status.toLowerCase()}</td>
                <td>{site.enrollment?.enrolled ?? '—'}</td>
                <td>{site.enrollment?.inProgress ?? '—'}</td>
                <td>{site.enrollmentCap}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
