import type { FormValues } from '../../definitions/formDefinition'
import { runEditChecks, type CheckFinding } from '../runEditChecks'
import { check, formValues, medication, variantOf, vitals, vitalSignsForm } from './vitalSignsForm'

/** The findings as [checkId, severity, row] triples, easy to read in a table. */
const brief = (findings: CheckFinding[]) => findings.map((finding) => [finding.checkId, finding.severity, finding.row])

describe('runEditChecks: a clean form', () => {
  it('finds nothing in a complete, plausible form', () => {
    const values = formValues(vitals(), [medication('Metformin 500 mg', '2019', '2024-05')])
    expect(check(values).findings).toEqual([])
  })

  it('stores every item of every group, normalised, blanks as null', () => {
    const values = formValues(vitals({ 'VS.SYSBP': ' +0128 ', 'VS.WEIGHT': '070.5', 'VS.COMMENT': '   ' }), [
      medication(' Aspirin ', ' 2020-01 '),
    ])
    expect(check(values).normalized).toEqual({
      'IG.VS': [
        {
          'VS.DATE': '2024-06-14',
          'VS.SYSBP': '128',
          'VS.DIABP': '82',
          'VS.PULSE': '72',
          'VS.WEIGHT': '70.5',
          'VS.POS': 'SITTING',
          'VS.COMMENT': null,
        },
      ],
      'IG.CM': [{ 'CM.TRT': 'Aspirin', 'CM.START': '2020-01', 'CM.END': null }],
    })
  })

  it('keeps an unreadable entry as typed (trimmed), so the site sees what it is asked to correct', () => {
    const result = check(formValues(vitals({ 'VS.PULSE': ' 7 2 ' })))
    expect(result.normalized['IG.VS'][0]['VS.PULSE']).toBe('7 2')
    expect(brief(result.findings)).toEqual([['VS.PULSE.TYPE', 'HARD', 1]])
  })

  it('refuses a today that is not a date: the caller must pass the day of entry', () => {
    expect(() =>
      runEditChecks({ form: vitalSignsForm, values: {}, baseline: null, completing: false, today: '15.06.2024' }),
    ).toThrow(RangeError)
  })
})

describe('runEditChecks: required items', () => {
  it('reports every blank required item when completing, in form order', () => {
    const blank = {
      'VS.DATE': null,
      'VS.SYSBP': '',
      'VS.DIABP': '  ',
      'VS.PULSE': null,
      'VS.WEIGHT': null,
      'VS.POS': null,
    }
    expect(brief(check(formValues(blank)).findings)).toEqual([
      ['VS.DATE.REQUIRED', 'HARD', 1],
      ['VS.SYSBP.REQUIRED', 'HARD', 1],
      ['VS.DIABP.REQUIRED', 'HARD', 1],
      ['VS.PULSE.REQUIRED', 'HARD', 1],
      ['VS.WEIGHT.REQUIRED', 'HARD', 1],
      ['VS.POS.REQUIRED', 'HARD', 1],
    ])
  })

  it('says which item is missing', () => {
    const [finding] = check(formValues(vitals({ 'VS.SYSBP': null }))).findings
    expect(finding).toEqual({
      checkId: 'VS.SYSBP.REQUIRED',
      kind: 'REQUIRED',
      severity: 'HARD',
      group: 'IG.VS',
      row: 1,
      item: 'VS.SYSBP',
      message: 'Systolic blood pressure is required',
    })
  })

  it('lets an in-progress save leave required items blank', () => {
    expect(check(formValues({ 'VS.SYSBP': '128' }), false).findings).toEqual([])
    expect(check({}, false).findings).toEqual([])
  })

  it('requires the items of a non-repeating group even when the group was not sent', () => {
    expect(check({ 'IG.CM': [] }).findings.map((finding) => finding.checkId)).toEqual([
      'VS.DATE.REQUIRED',
      'VS.SYSBP.REQUIRED',
      'VS.DIABP.REQUIRED',
      'VS.PULSE.REQUIRED',
      'VS.WEIGHT.REQUIRED',
      'VS.POS.REQUIRED',
    ])
  })

  it('requires the items of a repeating group only in the rows that exist', () => {
    expect(check(formValues(vitals(), [])).findings).toEqual([])
    expect(check({ 'IG.VS': [vitals()] }).findings).toEqual([])
    const rows = [medication('Aspirin', '2020'), medication('', null, '2024-01'), medication('Ramipril', '2021')]
    expect(brief(check(formValues(vitals(), rows)).findings)).toEqual([
      ['CM.TRT.REQUIRED', 'HARD', 2],
      ['CM.START.REQUIRED', 'HARD', 2],
    ])
  })

  it('never requires an optional item', () => {
    expect(check(formValues(vitals({ 'VS.COMMENT': null }), [medication('Aspirin', '2020', null)])).findings).toEqual(
      [],
    )
  })
})

describe('runEditChecks: ranges (bounds are inside)', () => {
  it.each<[string, string, string | null, string | null]>([
    ['VS.SYSBP', '39', 'HARD', 'Systolic blood pressure must be at least 40 mm[Hg]'],
    [
      'VS.SYSBP',
      '40',
      'SOFT',
      'Systolic blood pressure 40 mm[Hg] is below the expected range (90–160 mm[Hg]); please confirm or correct it',
    ],
    ['VS.SYSBP', '89', 'SOFT', null],
    ['VS.SYSBP', '90', null, null],
    ['VS.SYSBP', '160', null, null],
    [
      'VS.SYSBP',
      '161',
      'SOFT',
      'Systolic blood pressure 161 mm[Hg] is above the expected range (90–160 mm[Hg]); please confirm or correct it',
    ],
    ['VS.SYSBP', '300', 'SOFT', null],
    ['VS.SYSBP', '301', 'HARD', 'Systolic blood pressure must be at most 300 mm[Hg]'],
    ['VS.DIABP', '19', 'HARD', 'Diastolic blood pressure must be at least 20 mm[Hg]'],
    ['VS.DIABP', '59', 'SOFT', null],
    ['VS.DIABP', '60', null, null],
    ['VS.DIABP', '100', null, null],
    ['VS.DIABP', '101', 'SOFT', null],
    ['VS.DIABP', '201', 'HARD', 'Diastolic blood pressure must be at most 200 mm[Hg]'],
    [
      'VS.PULSE',
      '49',
      'SOFT',
      'Pulse rate 49 /min is below the expected range (50–120 /min); please confirm or correct it',
    ],
    ['VS.PULSE', '251', 'HARD', null],
    ['VS.WEIGHT', '19.9', 'HARD', 'Weight must be at least 20 kg'],
    ['VS.WEIGHT', '20.0', null, null],
    ['VS.WEIGHT', '300.0', null, null],
    ['VS.WEIGHT', '300.1', 'HARD', 'Weight must be at most 300 kg'],
    ['VS.WEIGHT', '+0300.0', null, null],
  ])('%s %s: %s', (item, value, severity, message) => {
    const own = check(formValues(vitals({ [item]: value }))).findings.filter((finding) => finding.item === item)
    const ranges = own.filter((finding) => finding.kind === 'RANGE')
    expect(ranges.map((finding) => [finding.checkId, finding.severity])).toEqual(
      severity ? [[`${item}.RANGE`, severity]] : [],
    )
    if (message) expect(ranges[0].message).toBe(message)
  })

  it('describes one-sided soft ranges', () => {
    const form = variantOf((def) => {
      def.itemGroups[0].items[3].softRange = { max: 120 }
      def.itemGroups[0].items[1].softRange = { min: 90 }
    })
    const findings = check(
      formValues(vitals({ 'VS.PULSE': '130', 'VS.SYSBP': '85', 'VS.DIABP': '60' })),
      true,
      form,
    ).findings
    expect(findings.map((finding) => finding.message)).toEqual([
      'Systolic blood pressure 85 mm[Hg] is below the expected range (at least 90 mm[Hg]); please confirm or correct it',
      'Pulse rate 130 /min is above the expected range (at most 120 /min); please confirm or correct it',
    ])
  })
})

describe('runEditChecks: dates in the future (today is 2024-06-15)', () => {
  it.each<[string, string, boolean]>([
    ['VS.DATE', '2024-06-15', false],
    ['VS.DATE', '2024-06-16', true],
    ['VS.DATE', '2025-01-01', true],
    ['VS.DATE', '1999-12-31', false],
    ['CM.START', '2024-06', false],
    ['CM.START', '2024', false],
    ['CM.START', '2024-06-15', false],
    ['CM.START', '2024-06-16', true],
    ['CM.START', '2024-07', true],
    ['CM.START', '2025', true],
  ])('%s %s refused: %p', (item, value, refused) => {
    const values =
      item === 'VS.DATE'
        ? formValues(vitals({ [item]: value }))
        : formValues(vitals({ 'VS.DATE': '2024-06-15' }), [medication('Aspirin', value)])
    const future = check(values).findings.filter((finding) => finding.kind === 'FUTURE_DATE')
    expect(future.map((finding) => [finding.checkId, finding.severity])).toEqual(
      refused ? [[`${item}.FUTURE_DATE`, 'HARD']] : [],
    )
  })

  it('says what today is', () => {
    const [finding] = check(formValues(vitals({ 'VS.DATE': '2024-06-16' }))).findings
    expect(finding.message).toBe('Assessment date must not be in the future (today is 2024-06-15)')
  })

  it('accepts a future date where the item allows it (noFutureDate: false)', () => {
    const form = variantOf((def) => {
      def.itemGroups[1].items[2].noFutureDate = false // a planned end of treatment
    })
    const values = formValues(vitals(), [medication('Amoxicillin', '2024-06-10', '2024-06-20')])
    expect(check(values, true, form).findings).toEqual([])
    expect(brief(check(values).findings)).toEqual([['CM.END.FUTURE_DATE', 'HARD', 1]])
  })
})

describe('runEditChecks: type, code list and length are hard', () => {
  it.each<[string, string, string, string]>([
    ['VS.SYSBP', '120.5', 'VS.SYSBP.TYPE', 'Systolic blood pressure must be a whole number'],
    ['VS.WEIGHT', '70.25', 'VS.WEIGHT.TYPE', 'Weight must have at most 1 decimal place'],
    ['VS.DATE', '2024-02-30', 'VS.DATE.TYPE', 'Assessment date 2024-02-30 is not a real calendar date'],
    [
      'VS.POS',
      'LYING',
      'VS.POS.CODELIST',
      'Position must be one of: Sitting (SITTING), Standing (STANDING), Supine (SUPINE)',
    ],
    ['VS.COMMENT', 'x'.repeat(201), 'VS.COMMENT.LENGTH', 'Comment must be at most 200 characters (it has 201)'],
  ])('%s %s', (item, value, checkId, message) => {
    expect(check(formValues(vitals({ [item]: value }))).findings).toEqual([
      { checkId, kind: checkId.split('.').pop(), severity: 'HARD', group: 'IG.VS', row: 1, item, message },
    ])
  })
})

describe('runEditChecks: order', () => {
  const values: FormValues = {
    'IG.XX': [{}],
    'IG.CM': [medication('Aspirin', '2025'), medication('Ramipril', '2021', '2020'), medication('', '2022')],
    'IG.VS': [vitals({ 'VS.SYSBP': '170', 'VS.DIABP': '180', 'VS.POS': 'LYING', 'VS.EXTRA': '1' })],
  }
  const findings = check(values).findings

  it('lists findings in form order: groups, rows, items, a value’s own checks before the rules', () => {
    expect(brief(findings)).toEqual([
      ['VS.SYSBP.RANGE', 'SOFT', 1],
      ['VS.DIABP.RANGE', 'SOFT', 1],
      ['VS.DIA_LT_SYS', 'SOFT', 1],
      ['VS.POS.CODELIST', 'HARD', 1],
      ['VS.EXTRA.UNKNOWN_ITEM', 'HARD', 1],
      ['CM.START.FUTURE_DATE', 'HARD', 1],
      ['CM.START_BY_VISIT', 'SOFT', 1],
      ['CM.END_GE_START', 'HARD', 2],
      ['CM.TRT.REQUIRED', 'HARD', 3],
      ['IG.XX.UNKNOWN_ITEM', 'HARD', 1],
    ])
  })

  it('gives the same answer on every run', () => {
    expect(check(values).findings).toEqual(findings)
  })
})
