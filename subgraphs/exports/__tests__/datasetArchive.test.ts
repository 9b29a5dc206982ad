import { zipEntries } from '../../../test/support/zipEntries'
import { parse as parseCsv } from 'csv-parse/sync'
import { csvZip } from '../formats/csvZip'
import { ndjsonZip } from '../formats/ndjsonZip'
import { collect, headerFor, sampleStudy, storedSubject, streamOf } from './sampleStudy'

const subjects = [storedSubject(1), storedSubject(2)].map((s) => s.record)

describe.each([
  ['CSV', csvZip, 'csv', (text: string) => parseCsv(text, { columns: true }) as Record<string, string>[]],
  [
    'NDJSON',
    ndjsonZip,
    'ndjson',
    (text: string) =>
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  ],
] as const)('%s', (_name, exporter, ext, rowsOf) => {
  let files: Map<string, string>
  beforeAll(async () => {
    files = await zipEntries(await collect((out) => exporter.write(headerFor(), sampleStudy, streamOf(subjects), out)))
  })

  it('a file per dataset and per form, and the data dictionary', () => {
    expect([...files.keys()].sort()).toEqual(
      ['alerts', 'audit', 'data_dictionary', 'diaries', 'form_F.DM', 'form_F.VS', 'labs', 'people', 'subjects'].map(
        (n) => `${n}.${ext}`,
      ),
    )
  })

  it('a form is wide: one row per subject, visit and item-group repeat, a column per item, values as stored', () => {
    const rows = rowsOf(files.get(`form_F.VS.${ext}`)!)
    expect(rows).toHaveLength(4)
    const first = rows[0]!
    expect([first.SUBJECT, first.EVENT, String(first.ITEM_GROUP_REPEAT), first['I.SYSBP'], first['I.VSDAT']]).toEqual([
      'TEST-1-101-0001',
      'SE.BASELINE',
      '1',
      '127',
      '2026-03-10',
    ])
    // A missing value: an empty cell in CSV, null in JSON.
    expect(rows[1]!['I.TEMP']).toBe(ext === 'csv' ? '' : null)
  })

  it('the audit trail and the people in it; the dictionary lists every column with its code list', () => {
    const audit = rowsOf(files.get(`audit.${ext}`)!)
    expect(audit.map((r) => [r.ITEM, r.OLD_VALUE, r.NEW_VALUE])).toEqual([
      ['I.SYSBP', ext === 'csv' ? '' : null, '172'],
      ['I.SYSBP', '172', '127'],
      ['I.SYSBP', ext === 'csv' ? '' : null, '172'],
      ['I.SYSBP', '172', '127'],
    ])
    expect(rowsOf(files.get(`people.${ext}`)!)).toHaveLength(1)
    const dictionary = rowsOf(files.get(`data_dictionary.${ext}`)!)
    expect(dictionary.find((d) => d.DATASET === 'form_F.DM' && d.COLUMN === 'I.SEX')).toMatchObject({
      CODE_LIST: 'CL.SEX',
      CODES: 'F=Female; M=Male',
    })
  })
})
