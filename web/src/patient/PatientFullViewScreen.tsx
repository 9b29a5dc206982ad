import { useQuery } from 'urql'
import { PatientFullViewDocument } from '../generated/operations'
import { useAlertFeed, useServices } from '../app/appServices'
import { ErrorNotice, Loading } from '../ui/States'
import { errorMessage, failedEntirely } from '../ui/partialData'
import { formatDate } from '../ui/time'
import { words } from '../ui/words'
import { Section } from './Section'
import { VisitsPanel } from './VisitsPanel'
import { DiaryPanel } from './DiaryPanel'
import { LabsPanel } from './LabsPanel'
import { EnrollmentPanel } from './EnrollmentPanel'
import { PatientAlertsPanel } from './PatientAlertsPanel'

/**
 * The investigator's patient full view: one PatientFullView request across every context. A part
 * whose context is down or missed its deadline says so in its own place, with a retry; the rest
 * of the page renders from the same answer.
 */
export function PatientFullViewScreen({ patientId }: { patientId: string }) {
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: PatientFullViewDocument,
    variables: { id: patientId },
  })
  const feed = useAlertFeed()
  // Only site staff follow their sites' live alerts; for others the panel would wrongly say "none".
  const followsAlerts = useServices().feed !== null
  const retry = () => reexecute({ requestPolicy: 'network-only' })
  if (!data && fetching) return <Loading what="the patient" />
  if (failedEntirely(data, error))
    return <ErrorNotice title="The patient did not load" message={errorMessage(error)} onRetry={retry} />
  const patient = data?.patient
  if (!patient)
    return <ErrorNotice title="No such patient" message={errorMessage(error) || 'This patient is not one of yours.'} />
  const zone = patient.site?.timeZone ?? null
  const section = { error, retry }
  return (
    <article className="full-view" aria-labelledby="patient-title">
      <header className="patient-header">
        <h1 id="patient-title">{patient.subjectNumber}</h1>
        <p>
          <span className={`status status-${patient.enrollmentStatus.toLowerCase()}`}>
            {words(patient.enrollmentStatus)}
          </span>{' '}
          {patient.study ? `${patient.study.protocolId} (phase ${patient.study.phase.replace('PHASE_', '')})` : ''}
          {patient.site ? ` · site ${patient.site.siteNumber}, ${patient.site.name}, ${patient.site.city}` : ''}
          {fetching && <span className="updating"> · updating…</span>}
        </p>
      </header>
      <div className="panels">
        <Section
          title="Subject"
          {...section}
          fields={['demographics', 'enrollingInvestigator', 'assignedCrc']}
          services={['users']}
          value={patient}
        >
          <dl className="facts">
            <dt>Year of birth</dt>
            <dd>{patient.demographics?.yearOfBirth ?? '—'}</dd>
            <dt>Sex</dt>
            <dd>{patient.demographics?.sex?.toLowerCase() ?? '—'}</dd>
            <dt>Screened</dt>
            <dd>{formatDate(patient.screeningDate)}</dd>
            <dt>Enrolled</dt>
            <dd>{formatDate(patient.enrollmentDate)}</dd>
            <dt>Investigator</dt>
            <dd>{patient.enrollingInvestigator?.displayName ?? '—'}</dd>
            <dt>Coordinator</dt>
            <dd>
              {patient.assignedCrc?.displayName ?? '—'}
              {patient.assignedCrc?.phone && <small> · {patient.assignedCrc.phone}</small>}
            </dd>
          </dl>
        </Section>
        <EnrollmentPanel patient={patient} section={section} zone={zone} />
        {followsAlerts && (
          <PatientAlertsPanel alerts={feed.alerts.filter((a) => a.patientId === patient.id)} zone={zone} />
        )}
        <DiaryPanel patient={patient} section={section} zone={zone} />
        <LabsPanel patient={patient} section={section} zone={zone} />
        <VisitsPanel patient={patient} section={section} />
      </div>
    </article>
  )
}
