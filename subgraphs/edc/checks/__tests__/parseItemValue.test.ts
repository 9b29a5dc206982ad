import type { ItemDef } from '../../definitions/formDefinition'
import { parseItemValue } from '../itemValue'
import { vitalSignsForm } from './vitalSignsForm'

const items = new Map(vitalSignsForm.itemGroups.flatMap((group) => group.items.map((item) => [item.oid, item])))
const itemOf = (oid: string): ItemDef => {
  const item = items.get(oid)
  if (!item) throw new Error(`no item ${oid} in the fixture`)
  return item
}
const codeLists = vitalSignsForm.codeLists
const parse = (item: ItemDef, raw: string) => parseItemValue(item, raw, codeLists)

const systolic = itemOf('VS.SYSBP')
const weight = itemOf('VS.WEIGHT')
const assessmentDate = itemOf('VS.DATE')
const startDate = itemOf('CM.START')
const position = itemOf('VS.POS')
const comment = itemOf('VS.COMMENT')
const temperature: ItemDef = { oid: 'VS.TEMP', label: 'Temperature', dataType: 'DECIMAL', required: false }

describe('parseItemValue: accepted values and how they are stored', () => {
  it.each<[string, ItemDef, string, string]>([
    ['an integer', systolic, '120', '120'],
    ['an integer, trimmed', systolic, '  120 ', '120'],
    ['leading zeros dropped', systolic, '007', '7'],
    ['a plus sign dropped', systolic, '+120', '120'],
    ['a negative integer', systolic, '-12', '-12'],
    ['minus zero is zero', systolic, '-0', '0'],
    ['zeros only', systolic, '000', '0'],
    ['a decimal at the precision', weight, '72.5', '72.5'],
    ['a decimal without decimals', weight, '72', '72'],
    ['a decimal with sign and leading zeros', weight, '+072.5', '72.5'],
    ['a decimal starting with the point', weight, '.5', '0.5'],
    ['minus zero decimal', weight, '-0.0', '0.0'],
    ['trailing zeros kept (the precision measured)', temperature, '36.50', '36.50'],
    ['any number of decimals without a precision', temperature, '36.123456789', '36.123456789'],
    ['a full date', assessmentDate, '2024-03-15', '2024-03-15'],
    ['29 February of a leap year', assessmentDate, '2024-02-29', '2024-02-29'],
    ['29 February 2000 (divisible by 400)', assessmentDate, '2000-02-29', '2000-02-29'],
    ['a partial date, year', startDate, '2019', '2019'],
    ['a partial date, year and month', startDate, '2019-06', '2019-06'],
    ['a partial date, fully known', startDate, ' 2019-06-30 ', '2019-06-30'],
    ['a coded value', position, 'SUPINE', 'SUPINE'],
    ['a coded value, trimmed', position, ' STANDING ', 'STANDING'],
    ['text, trimmed', comment, '  patient anxious  ', 'patient anxious'],
    ['text of exactly maxLength', comment, 'x'.repeat(200), 'x'.repeat(200)],
    ['maxLength counted in characters, not UTF-16 units', comment, '😀'.repeat(200), '😀'.repeat(200)],
  ])('%s', (_, item, raw, normalized) => {
    expect(parse(item, raw)).toMatchObject({ ok: true, normalized })
  })

  it.each<[string, number, ItemDef]>([
    ['007', 7, systolic],
    ['-12', -12, systolic],
    ['.5', 0.5, weight],
    ['72.5', 72.5, weight],
  ])('%p reads as the number %p', (raw, numeric, item) => {
    expect(parse(item, raw)).toEqual({ ok: true, normalized: expect.any(String), numeric })
  })

  it.each<[string, object, ItemDef]>([
    ['2024-03-15', { year: 2024, month: 3, day: 15 }, assessmentDate],
    ['2019', { year: 2019 }, startDate],
    ['2019-06', { year: 2019, month: 6 }, startDate],
  ])('%p reads as the date %o', (raw, date, item) => {
    expect(parse(item, raw)).toEqual({ ok: true, normalized: raw, date })
  })
})

describe('parseItemValue: refused values and what the site reads', () => {
  const refused: Array<[ItemDef, string, 'TYPE' | 'CODELIST' | 'LENGTH', string | RegExp]> = [
    [systolic, '', 'TYPE', 'Systolic blood pressure has no value'],
    [systolic, '   ', 'TYPE', 'Systolic blood pressure has no value'],
    [systolic, '12.5', 'TYPE', 'Systolic blood pressure must be a whole number'],
    [systolic, '1e3', 'TYPE', 'Systolic blood pressure must be a whole number'],
    [systolic, '12 0', 'TYPE', 'Systolic blood pressure must be a whole number'],
    [systolic, 'abc', 'TYPE', 'Systolic blood pressure must be a whole number'],
    [systolic, '١٢٠', 'TYPE', 'Systolic blood pressure must be a whole number'],
    [systolic, '9007199254740993', 'TYPE', 'Systolic blood pressure is too large a number'],
    [weight, '72.55', 'TYPE', 'Weight must have at most 1 decimal place'],
    [weight, '72.50', 'TYPE', 'Weight must have at most 1 decimal place'],
    [weight, '72,5', 'TYPE', 'Weight must be a number, e.g. 72.5 (use a point for decimals)'],
    [weight, '72.', 'TYPE', 'Weight must be a number, e.g. 72.5'],
    [weight, '.', 'TYPE', 'Weight must be a number, e.g. 72.5'],
    [weight, '-', 'TYPE', 'Weight must be a number, e.g. 72.5'],
    [weight, '1.2.3', 'TYPE', 'Weight must be a number, e.g. 72.5'],
    [{ ...weight, precision: 0 }, '72.0', 'TYPE', 'Weight must have no decimal places'],
    [{ ...weight, precision: 2 }, '72.505', 'TYPE', 'Weight must have at most 2 decimal places'],
    [assessmentDate, '2023-02-29', 'TYPE', 'Assessment date 2023-02-29 is not a real calendar date'],
    [assessmentDate, '1900-02-29', 'TYPE', /not a real calendar date/],
    [assessmentDate, '2024-04-31', 'TYPE', /not a real calendar date/],
    [assessmentDate, '2024-13-01', 'TYPE', /not a real calendar date/],
    [assessmentDate, '2024-00-10', 'TYPE', /not a real calendar date/],
    [assessmentDate, '2024-01-00', 'TYPE', /not a real calendar date/],
    [assessmentDate, '2024-3-5', 'TYPE', 'Assessment date must be a date written YYYY-MM-DD, e.g. 2024-03-15'],
    [assessmentDate, '2024-03', 'TYPE', /written YYYY-MM-DD, e\.g\./],
    [assessmentDate, '2024', 'TYPE', /written YYYY-MM-DD, e\.g\./],
    [assessmentDate, '15/03/2024', 'TYPE', /written YYYY-MM-DD/],
    [assessmentDate, '2024-03-15T10:00', 'TYPE', /written YYYY-MM-DD/],
    [
      startDate,
      '2019-6',
      'TYPE',
      'Start date must be a date written YYYY-MM-DD, or YYYY-MM or YYYY when only partly known, e.g. 2024-03-15',
    ],
    [startDate, '19', 'TYPE', /or YYYY-MM or YYYY/],
    [startDate, 'UNK', 'TYPE', /or YYYY-MM or YYYY/],
    [startDate, '2019-00', 'TYPE', 'Start date 2019-00 is not a real calendar date'],
    [startDate, '2019-02-30', 'TYPE', /not a real calendar date/],
    [position, 'LYING', 'CODELIST', 'Position must be one of: Sitting (SITTING), Standing (STANDING), Supine (SUPINE)'],
    [position, 'sitting', 'CODELIST', /must be one of/],
    [position, 'Sitting', 'CODELIST', /must be one of/],
    [{ ...position, codeListOid: 'CL.MISSING' }, 'SITTING', 'CODELIST', /no list of answers/],
    [comment, 'x'.repeat(201), 'LENGTH', 'Comment must be at most 200 characters (it has 201)'],
  ]
  it.each(refused.map(([item, raw, ...rest]) => [`${item.oid} ${JSON.stringify(raw)}`, item, raw, ...rest] as const))(
    '%s is refused',
    (_, item, raw, kind, message) => {
      const result = parse(item, raw)
      expect(result).toMatchObject({ ok: false, kind })
      if (result.ok) return
      if (typeof message === 'string') expect(result.message).toBe(message)
      else expect(result.message).toMatch(message)
    },
  )
})
