import type { PatientFullViewFieldsFragment } from '../generated/operations'
import { Empty } from '../ui/States'
import { formatDateTime } from '../ui/time'
import { Section, type SectionState } from './Section'
import { LabRangeChart } from './LabRangeChart'

const rangeText = (range: { low: number | null; high: number | null; text: string | null }) =>
  range.text ?? (range.low != null && range.high != null ? `${range.low}–${range.high}` : '—')

export function LabsPanel({
  patient,
  section,
  zone,
}: {
  patient: PatientFullViewFieldsFragment
  section: SectionState
  zone: string | null
}) {
  const labs = patient.labResults ?? []
  return (
    <Section title="Labs" {...section} fields={['labResults', 'abnormalLabCount']} services={['labs']} value={patient}>
      <p>
        <strong>{patient.abnormalLabCount ?? 0}</strong> abnormal result{patient.abnormalLabCount === 1 ? '' : 's'}
      </p>
      {labs.length === 0 ? (
        <Empty>No lab results yet.</Empty>
      ) : (
        <>
          <LabRangeChart labs={labs} />
          <table>
            <thead>
              <tr>
                <th scope="col">Test</th>
                <th scope="col">Result</th>
                <th scope="col">Reference range</th>
                <th scope="col">Collected</th>
              </tr>
            </thead>
            <tbody>
              {labs.map((lab) => (
                <tr key={lab.id} className={lab.abnormalFlag !== 'N' ? 'abnormal' : undefined}>
                  <td>{lab.name}</td>
                  <td>
                    {lab.value ?? lab.valueText ?? '—'} {lab.unit ?? ''}
                    {lab.abnormalFlag !== 'N' && <span className="flag"> {lab.abnormalFlag}</span>}
                  </td>
                  <td>{rangeText(lab.referenceRange)}</td>
                  <td>{formatDateTime(lab.collectedAt, zone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Section>
  )
}
