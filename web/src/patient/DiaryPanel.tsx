import type { PatientFullViewFieldsFragment } from '../generated/operations'
import { Empty } from '../ui/States'
import { formatDate, formatDateTime } from '../ui/time'
import { Section, type SectionState } from './Section'
import { DiaryTrendChart } from './DiaryTrendChart'

export function DiaryPanel({
  patient,
  section,
  zone,
}: {
  patient: PatientFullViewFieldsFragment
  section: SectionState
  zone: string | null
}) {
  const entries = patient.eproSubmissions ?? []
  const compliance = patient.eproCompliance
  return (
    <Section
      title="Diary"
      {...section}
      fields={['eproSubmissions', 'eproCompliance']}
      services={['epro']}
      value={patient}
    >
      {compliance && (
        <p>
          Compliance <strong>{compliance.percentage != null ? `${Math.round(compliance.percentage)} %` : '—'}</strong> ·{' '}
          {compliance.onTimeEntries} on time, {compliance.lateEntries} late of {compliance.expectedEntries} expected
        </p>
      )}
      {entries.length === 0 ? (
        <Empty>No diary entries yet.</Empty>
      ) : (
        <>
          <DiaryTrendChart entries={entries} />
          <details>
            <summary>Entries ({entries.length})</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Pain</th>
                  <th scope="col">Symptoms</th>
                  <th scope="col">Received</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.id}>
                    <td>{formatDate(entry.entryDate)}</td>
                    <td>{entry.painScore}</td>
                    <td>{entry.symptoms.map((s) => `${s.term} (grade ${s.grade})`).join(', ') || '—'}</td>
                    <td>
                      {formatDateTime(entry.serverTimestamp, zone)}
                      {entry.late && <span className="warning"> late</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </Section>
  )
}
