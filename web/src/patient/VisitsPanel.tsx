import type { PatientFullViewFieldsFragment } from '../generated/operations'
import { Empty } from '../ui/States'
import { formatDate } from '../ui/time'
import { Section, type SectionState } from './Section'
import { words } from '../ui/words'
import { useState } from 'react'
import { Link } from 'wouter'
import { useActiveSession } from '../app/appServices'
import { hasRole } from '../session/accessGrants'
import { SignatureDialog } from '../edc/SignatureDialog'

/** The visits with their forms (each opening its data entry); investigators sign the casebook here. */
export function VisitsPanel({ patient, section }: { patient: PatientFullViewFieldsFragment; section: SectionState }) {
  const casebook = patient.casebook
  const maySign = hasRole(useActiveSession().grants, ['INVESTIGATOR'])
  const [signing, setSigning] = useState(false)
  return (
    <Section
      title="Visits and forms"
      {...section}
      fields={['visits', 'casebook']}
      services={['patients', 'edc']}
      value={patient}
    >
      {casebook && maySign && (
        <button type="button" onClick={() => setSigning(true)}>
          Sign casebook
        </button>
      )}
      {signing && (
        <SignatureDialog
          scope="CASEBOOK"
          targetId={patient.id}
          what={`the casebook of ${patient.subjectNumber}`}
          onSigned={() => {
            setSigning(false)
            section.retry()
          }}
          onCancel={() => setSigning(false)}
        />
      )}
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
                  {visit.forms === null ? (
                    'unavailable'
                  ) : visit.forms.length === 0 ? (
                    '—'
                  ) : (
                    <ul className="plain forms">
                      {visit.forms.map((form) => (
                        <li key={form.id}>
                          <Link href={`/forms/${form.id}`}>{form.name}</Link> {words(form.status)}
                          {form.openQueryCount > 0 && <span className="flag"> {form.openQueryCount} queries</span>}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  )
}
