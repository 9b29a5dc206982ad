import { arrangeRows, type PatientRow } from '../patientRows'

const row = (id: string, over: Partial<PatientRow> = {}): PatientRow => ({
  id,
  subjectNumber: `ONC-3017-101-${id}`,
  enrollmentStatus: 'ENROLLED',
  assignedCrc: null,
  nextVisit: null,
  latestEproSubmission: null,
  eproCompliance: null,
  abnormalLabCount: 0,
  casebook: null,
  ...over,
})
const rows = [
  row('0003', { latestEproSubmission: { painScore: 4, entryDate: '2026-12-01' }, abnormalLabCount: 2 }),
  row('0001', { latestEproSubmission: { painScore: 9, entryDate: '2026-12-01' }, eproCompliance: { percentage: 100 } }),
  row('0002', { abnormalLabCount: null, eproCompliance: { percentage: 62.5 } }),
]
const ids = (arranged: PatientRow[]) => arranged.map((r) => r.id)

describe('arrangeRows', () => {
  it('sorts either way, missing values last both ways', () => {
    expect(ids(arrangeRows(rows, { key: 'painScore', descending: true }, new Set(), new Set()))).toEqual([
      '0001',
      '0003',
      '0002',
    ])
    expect(ids(arrangeRows(rows, { key: 'painScore', descending: false }, new Set(), new Set()))).toEqual([
      '0003',
      '0001',
      '0002',
    ])
    expect(ids(arrangeRows(rows, { key: 'subjectNumber', descending: false }, new Set(), new Set()))).toEqual([
      '0001',
      '0002',
      '0003',
    ])
  })

  it('filters: abnormal labs, missed diaries (compliance under 100 %), open alerts; together they all apply', () => {
    const sort = { key: 'subjectNumber' as const, descending: false }
    expect(ids(arrangeRows(rows, sort, new Set(['abnormalLabs']), new Set()))).toEqual(['0003'])
    expect(ids(arrangeRows(rows, sort, new Set(['missedDiaries']), new Set()))).toEqual(['0002'])
    expect(ids(arrangeRows(rows, sort, new Set(['openAlerts']), new Set(['0001', '0003'])))).toEqual(['0001', '0003'])
    expect(ids(arrangeRows(rows, sort, new Set(['openAlerts', 'abnormalLabs']), new Set(['0001', '0003'])))).toEqual([
      '0003',
    ])
  })

  it('leaves the rows it was given as they were', () => {
    const before = ids(rows)
    arrangeRows(rows, { key: 'painScore', descending: true }, new Set(), new Set())
    expect(ids(rows)).toEqual(before)
  })
})
