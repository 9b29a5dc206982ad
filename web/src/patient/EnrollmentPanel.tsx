import type { PatientFullViewFieldsFragment } from '../generated/operations'
import { formatDate, formatDateTime } from '../ui/time'
import { Section, type SectionState } from './Section'
import { words } from '../ui/words'
import { Link } from 'wouter'
import { useActiveSession } from '../app/appServices'
import { SITE_STAFF, hasRole } from '../session/accessGrants'
import { mayEnroll } from '../enrollment/enrollmentProgress'

/** Enrollment, randomisation number and kits — never the arm, which no blinded role is ever sent. */
export function EnrollmentPanel({
  patient,
  section,
  zone,
}: {
  patient: PatientFullViewFieldsFragment
  section: SectionState
  zone: string | null
}) {
  const { enrollment, allocation, kits } = patient
  const staff = hasRole(useActiveSession().grants, SITE_STAFF)
  return (
    <Section
      title="Enrollment and kits"
      {...section}
      fields={['kits', 'allocation']}
      services={['inventory']}
      value={patient}
    >
      {enrollment ? (
        <p>
          Enrollment <strong>{words(enrollment.state)}</strong>
          {enrollment.finishedAt && ` · ${formatDateTime(enrollment.finishedAt, zone)}`}
          {enrollment.failure && ` · ${enrollment.failure.message}`}
        </p>
      ) : (
        !patient.enrollmentDate && <p>No enrollment attempt.</p>
      )}
      {staff && (
        <p>
          <Link href={`/patients/${patient.id}/enrollment`}>
            {mayEnroll(patient.enrollmentStatus) ? `Enroll ${patient.subjectNumber}` : 'Enrollment steps'}
          </Link>
        </p>
      )}
      {allocation && (
        <p>
          Randomisation number <strong>{allocation.randomizationNumber}</strong>
        </p>
      )}
      {kits && kits.length > 0 && (
        <ul className="plain">
          {kits.map((kit) => (
            <li key={kit.kitNumber}>
              Kit <strong>{kit.kitNumber}</strong> · {words(kit.status)} · expires {formatDate(kit.expiresOn)}
            </li>
          ))}
        </ul>
      )}
    </Section>
  )
}
