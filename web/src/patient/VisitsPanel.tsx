import type { PatientFullViewFieldsFragment } from '../generated/operations'
import { Empty } from '../ui/States'
import { formatDate } from '../ui/time'
import { Section, type SectionState } from './Section'
import { words } from '../ui/words'

export function VisitsPanel({ patient, section }: { patient: PatientFullViewFieldsFragment; section: SectionState }) {
  const casebook = patient.casebook
  return (
    <Section
      title="Visits and forms"
      {...section}
      fields={['visits', 'casebook']}
      services={['patients', 'edc']}
      value={patient}
    >
      {casebook && (
        <p>
          Casebook <strong>{words(casebook.status)}</strong> · {casebook.formsComplete} complete,{' '}
          {casebook.formsInProgress} in progress, {casebook.formsOverdue} overdue · {casebook.openQueryCount} open
          queries
          {casebook.signatures.length > 0 &&
            ` · signed by ${casebook.signatures.map((s) => `${s.printedName} (${words(s.status)})`).join(', ')}`}
        </p>
      )}
      {patient.visits.length === 0 ? (
        <Empty>No visits scheduled.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Visit</th>
              <th scope="col">Date</th>
              <th scope="col">Status</th>
              <th scope="col">Forms</th>
            </tr>
          </thead>
          <tbody>
            {patient.visits.map((visit) => (
              <tr key={visit.id}>
                <td>{visit.name}</td>
                <td>{formatDate(visit.actualDate ?? visit.scheduledDate)}</td>
                <td>{words(visit.status)}</td>
                <td>
                  {visit.forms === null
                    ? 'unavailable'
                    : visit.forms.map((form) => `${form.name} (${words(form.status)})`).join(', ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  )
}
