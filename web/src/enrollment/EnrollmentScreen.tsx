import { useEffect, useState } from 'react'
import { Link } from 'wouter'
import { useMutation, useQuery } from 'urql'
import { EnrollPatientDocument, PatientEnrollmentDocument } from '../generated/operations'
import { useActiveSession } from '../app/appServices'
import { SITE_STAFF, hasRole } from '../session/accessGrants'
import { ErrorNotice, Loading, RefusalNotice } from '../ui/States'
import { errorMessage, failedEntirely } from '../ui/partialData'
import { formatDate, formatDateTime } from '../ui/time'
import { words } from '../ui/words'
import { STEP_NAMES, isSettled, mayEnroll } from './enrollmentProgress'

/** How often a running saga is read again: its steps take a few hundred milliseconds each. */
const POLL_MS = 1000

/**
 * Enrolling a screened subject and watching the saga (EnrollPatient, PatientEnrollment): each
 * participant's step, every transition in the site's time, and at the end the randomisation and
 * kit numbers — or why it failed, with everything it held released. The arm is never asked for.
 */
export function EnrollmentScreen({ patientId }: { patientId: string }) {
  const { grants } = useActiveSession()
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: PatientEnrollmentDocument,
    variables: { id: patientId },
    requestPolicy: 'network-only',
  })
  const [started, enroll] = useMutation(EnrollPatientDocument)
  const [enrollmentDate, setEnrollmentDate] = useState('')
  const patient = data?.patient
  const running =
    patient?.enrollmentStatus === 'ENROLLING' || (!!patient?.enrollment && !isSettled(patient.enrollment.state))

  // While the saga runs, read it again every second (a subscription would be one more socket
  // for a screen opened a few times a week); stop as soon as it has settled.
  useEffect(() => {
    if (!running) return
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), POLL_MS)
    return () => clearInterval(timer)
  }, [running, reexecute])

  if (!data && fetching) return <Loading what="the enrollment" />
  if (failedEntirely(data, error) || !patient)
    return (
      <ErrorNotice title="The subject did not load" message={errorMessage(error) || 'This subject is not yours.'} />
    )

  const zone = patient.site?.timeZone ?? null
  const attempt = patient.enrollment
  const mayStart = hasRole(grants, SITE_STAFF) && mayEnroll(patient.enrollmentStatus)

  async function start() {
    const outcome = await enroll({ patientId, enrollmentDate: enrollmentDate || null })
    if (outcome.data) reexecute({ requestPolicy: 'network-only' })
  }

  return (
    <article aria-labelledby="enrollment-title" className="enrollment">
      <h1 id="enrollment-title">
        Enrollment · <Link href={`/patients/${patient.id}`}>{patient.subjectNumber}</Link>
      </h1>
      <p role="status" aria-live="polite" data-testid="enrollment-state" data-state={attempt?.state ?? ''}>
        {patient.enrollmentStatus === 'ENROLLED'
          ? `Enrolled (${formatDateTime(attempt?.finishedAt, zone)}).`
          : attempt?.state === 'FAILED'
            ? `Attempt ${attempt.attempt} failed: ${attempt.failure?.message ?? 'no reason given'}. Everything it held was released.`
            : running
              ? `Enrolling (attempt ${attempt?.attempt ?? 1}): ${words(attempt?.state ?? 'RESERVING_SLOT')}…`
              : `${words(patient.enrollmentStatus)} since ${formatDate(patient.screeningDate)}.`}
      </p>
      {attempt && (
        <section className="panel" aria-labelledby="steps-title">
          <h2 id="steps-title">Attempt {attempt.attempt}</h2>
          <ol className="steps">
            {attempt.steps.map((step) => (
              <li key={step.name} data-step={step.name} data-status={step.status}>
                {STEP_NAMES[step.name]}: <strong>{words(step.status)}</strong>
              </li>
            ))}
          </ol>
          {attempt.state === 'ENROLLED' && (
            <dl className="facts">
              <dt>Randomisation number</dt>
              <dd data-testid="randomization-number">{attempt.randomizationNumber}</dd>
              <dt>Kit to dispense</dt>
              <dd data-testid="kit-number">{attempt.kitNumber}</dd>
            </dl>
          )}
          <details>
            <summary>Every transition ({attempt.history.length})</summary>
            <ol>
              {attempt.history.map((t, i) => (
                <li key={i}>
                  {formatDateTime(t.at, zone)}: {t.from ? `${words(t.from)} → ` : ''}
                  {words(t.to)} <small>({t.cause})</small>
                </li>
              ))}
            </ol>
          </details>
        </section>
      )}
      {mayStart && (
        <div className="actions">
          <label>
            Enrollment date (empty: today at the site){' '}
            <input type="date" value={enrollmentDate} onChange={(e) => setEnrollmentDate(e.target.value)} />
          </label>
          <button type="button" disabled={started.fetching} onClick={() => void start()}>
            {patient.enrollmentStatus === 'ENROLLMENT_FAILED' ? 'Try again' : 'Enroll'}
          </button>
        </div>
      )}
      <RefusalNotice error={started.error} />
    </article>
  )
}
