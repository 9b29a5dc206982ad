import { useQuery } from 'urql'
import { PatientDiaryDocument } from '../generated/operations'
import { useActiveSession } from '../app/appServices'
import { Empty, ErrorNotice, Loading } from '../ui/States'
import { errorMessage } from '../ui/partialData'
import { formatDate } from '../ui/time'
import { clockText, dueEntry, siteClock } from './entryWindow'
import { DiaryEntryForm } from './DiaryEntryForm'

/** A patient's own diary: the entry due now (within its window), and the last two weeks. */
export function DiaryScreen() {
  const { grants } = useActiveSession()
  const own = grants.find((g) => g.role === 'PATIENT' && g.patientId && g.studyId)
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: PatientDiaryDocument,
    variables: { patientId: own?.patientId ?? '', studyId: own?.studyId ?? '' },
    pause: !own,
  })
  if (!own) return <ErrorNotice title="No diary" message="This account is not a trial subject's." />
  if (!data && fetching) return <Loading what="your diary" />
  const patient = data?.patient
  if (!patient)
    return (
      <ErrorNotice
        title="Your diary did not load"
        message={errorMessage(error)}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      />
    )
  const questionnaire = data.studyQuestionnaires[0]
  const zone = patient.site?.timeZone ?? 'UTC'
  const clock = siteClock(new Date(), zone)
  const entries = patient.eproSubmissions ?? []
  const due = questionnaire
    ? dueEntry(
        clock,
        { opens: questionnaire.windowOpensMinute, closes: questionnaire.windowClosesMinute },
        new Set(entries.map((e) => e.entryDate)),
      )
    : null
  return (
    <section className="diary" aria-labelledby="diary-title">
      <h1 id="diary-title">My diary</h1>
      <p>
        {formatDate(clock.date)}
        {patient.eproCompliance?.percentage != null &&
          ` · ${Math.round(patient.eproCompliance.percentage)} % of entries on time`}
      </p>
      {patient.enrollmentStatus !== 'ENROLLED' ? (
        <Empty>Your diary is not active.</Empty>
      ) : !questionnaire || !due ? (
        <Empty>No diary is scheduled for your study.</Empty>
      ) : due.kind === 'done' ? (
        <p className="notice" role="status" data-testid="diary-done">
          Today's entry is recorded. Thank you.
        </p>
      ) : due.kind === 'notYet' ? (
        <p className="notice" role="status">
          Today's diary opens at {clockText(due.opens)} ({zone.replace(/_/g, ' ')} time).
        </p>
      ) : (
        <DiaryEntryForm
          key={due.entryDate}
          patientId={patient.id}
          due={due}
          today={clock.date}
          onRecorded={() => reexecute({ requestPolicy: 'network-only' })}
        />
      )}
      <h2>Last entries</h2>
      {entries.length === 0 ? (
        <Empty>No entries yet.</Empty>
      ) : (
        <ul className="plain">
          {entries.map((entry) => (
            <li key={entry.id}>
              {formatDate(entry.entryDate)}: pain {entry.painScore}
              {entry.late && ' (late)'}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
