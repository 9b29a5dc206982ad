import { formDefinitionSchema, type EditCheckDef, type FormValues } from '../../definitions/formDefinition'
import { runEditChecks } from '../runEditChecks'
import { formValues, medication, TODAY, variantOf, vitals, vitalSignsForm } from './vitalSignsForm'

function ruleFindings(values: FormValues, baseline: FormValues | null = null, form = vitalSignsForm) {
  const { findings } = runEditChecks({ form, values, baseline, completing: false, today: TODAY })
  return findings.filter((finding) => finding.kind === 'COMPARE' || finding.kind === 'CHANGE_FROM_BASELINE')
}
const where = (values: FormValues, baseline: FormValues | null = null, form = vitalSignsForm) =>
  ruleFindings(values, baseline, form).map((finding) => [finding.checkId, finding.group, finding.row, finding.item])

describe('COMPARE within a row: diastolic < systolic (SOFT)', () => {
  it.each<[string | null, string | null, boolean]>([
    ['82', '128', false],
    ['127', '128', false],
    ['128', '128', true],
    ['130', '128', true],
    [null, '128', false], // blank: nothing to compare
    ['130', null, false],
    ['13O', '128', false], // unreadable: its TYPE finding says so
    ['130', '12.8', false],
  ])('diastolic %p, systolic %p: fires %p', (diastolic, systolic, fires) => {
    const findings = ruleFindings(formValues(vitals({ 'VS.DIABP': diastolic, 'VS.SYSBP': systolic })))
    expect(findings).toEqual(
      fires
        ? [
            {
              checkId: 'VS.DIA_LT_SYS',
              kind: 'COMPARE',
              severity: 'SOFT',
              group: 'IG.VS',
              row: 1,
              item: 'VS.DIABP', // on the left item
              message: 'Diastolic blood pressure should be below systolic',
            },
          ]
        : [],
    )
  })

  it('compares values outside the soft range too (they are saved)', () => {
    expect(where(formValues(vitals({ 'VS.DIABP': '170', 'VS.SYSBP': '165' })))).toEqual([
      ['VS.DIA_LT_SYS', 'IG.VS', 1, 'VS.DIABP'],
    ])
  })
})

describe('COMPARE per row of a repeating group: end date >= start date (HARD), partial dates', () => {
  it.each<[string, string, boolean]>([
    ['2024-03-05', '2024-03-05', false],
    ['2024-03-05', '2024-03-06', false],
    ['2024-03-05', '2024-03-04', true],
    ['2024-03', '2024-03-01', false], // started some day in March: may be the 1st
    ['2024-03', '2024-02-29', true],
    ['2024-03', '2024-03', false],
    ['2024-03', '2024-02', true],
    ['2024', '2024-01-01', false],
    ['2024', '2023-12', true],
    ['2024', '2023', true],
    ['2024-03-05', '2024', false], // ended some day in 2024: may be after 5 March
    ['2024-03-05', '2024-03', false],
    ['2024-03-05', '2024-02', true],
    ['2024-03-05', '2023', true],
    ['2024-02-29', '2024-02', false],
  ])('start %s, end %s: fires %p', (start, end, fires) => {
    const findings = where(formValues(vitals(), [medication('Aspirin', start, end)]))
    expect(findings).toEqual(fires ? [['CM.END_GE_START', 'IG.CM', 1, 'CM.END']] : [])
  })

  it('compares each row with itself, never with another row', () => {
    const rows = [
      medication('Aspirin', '2020-01-10', '2021'),
      medication('Ramipril', '2022-05', '2022-04'),
      medication('Metformin', '2019', null),
      medication('Atorvastatin', '2023-01-01', '2022-12-31'),
    ]
    expect(where(formValues(vitals(), rows))).toEqual([
      ['CM.END_GE_START', 'IG.CM', 2, 'CM.END'],
      ['CM.END_GE_START', 'IG.CM', 4, 'CM.END'],
    ])
  })

  it('is skipped when a date is unreadable', () => {
    expect(where(formValues(vitals(), [medication('Aspirin', '2024-02-30', '2024-01')]))).toEqual([])
  })
})

describe('COMPARE between a repeating and a non-repeating group: start <= assessment date (SOFT)', () => {
  it('checks each medication row against the single vitals row', () => {
    const rows = [
      medication('Aspirin', '2024-06-14'),
      medication('Ramipril', '2024-06-15'),
      medication('Ibuprofen', '2024-06'),
    ]
    // Row 3 (some day in June) may have started by the 14th: not queried.
    expect(where(formValues(vitals({ 'VS.DATE': '2024-06-14' }), rows))).toEqual([
      ['CM.START_BY_VISIT', 'IG.CM', 2, 'CM.START'],
    ])
    expect(where(formValues(vitals({ 'VS.DATE': null }), rows))).toEqual([])
  })

  it('reports a rule whose left item is the single row once, however many rows contradict it', () => {
    const form = variantOf((def) => {
      def.checks = [
        {
          id: 'VS.DATE_AFTER_STARTS',
          kind: 'COMPARE',
          severity: 'SOFT',
          left: { group: 'IG.VS', item: 'VS.DATE' },
          operator: '>=',
          right: { group: 'IG.CM', item: 'CM.START' },
          message: 'The assessment should not precede a medication start',
        },
      ]
    })
    const rows = [medication('A', '2024-06-10'), medication('B', '2024-06-14'), medication('C', '2024-06-13')]
    expect(where(formValues(vitals({ 'VS.DATE': '2024-06-12' }), rows), null, form)).toEqual([
      ['VS.DATE_AFTER_STARTS', 'IG.VS', 1, 'VS.DATE'],
    ])
    expect(where(formValues(vitals({ 'VS.DATE': '2024-06-14' }), rows), null, form)).toEqual([])
  })
})

type Operator = Extract<EditCheckDef, { kind: 'COMPARE' }>['operator']

describe('COMPARE operators', () => {
  // A small form with a number pair, a partial date pair and a coded/text pair.
  const form = (check: Pick<Extract<EditCheckDef, { kind: 'COMPARE' }>, 'operator' | 'left' | 'right'>) =>
    formDefinitionSchema.parse({
      oid: 'F.T',
      name: 'Operators',
      itemGroups: [
        {
          oid: 'G',
          name: 'G',
          repeating: false,
          items: [
            { oid: 'N1', label: 'N1', dataType: 'INTEGER', required: false },
            { oid: 'N2', label: 'N2', dataType: 'DECIMAL', required: false },
            { oid: 'D1', label: 'D1', dataType: 'PARTIAL_DATE', required: false },
            { oid: 'D2', label: 'D2', dataType: 'DATE', required: false },
            { oid: 'T1', label: 'T1', dataType: 'TEXT', required: false },
            { oid: 'C1', label: 'C1', dataType: 'CODED', codeListOid: 'CL', required: false },
          ],
        },
      ],
      codeLists: [
        {
          oid: 'CL',
          name: 'CL',
          items: [
            { codedValue: 'Y', decode: 'Yes' },
            { codedValue: 'N', decode: 'No' },
          ],
        },
      ],
      checks: [{ id: 'RULE', kind: 'COMPARE', severity: 'HARD', message: 'rule', ...check }],
    })
  const fires = (operator: Operator, left: [string, string], right: [string, string]) => {
    const def = form({ operator, left: { group: 'G', item: left[0] }, right: { group: 'G', item: right[0] } })
    return ruleFindings({ G: [{ [left[0]]: left[1], [right[0]]: right[1] }] }, null, def).length > 0
  }

  it.each<[Operator, string, string, boolean]>([
    ['<', '5', '5.5', false],
    ['<', '5', '5.0', true],
    ['<=', '5', '5.0', false],
    ['<=', '6', '5.9', true],
    ['>', '6', '5.9', false],
    ['>', '5', '5.0', true],
    ['>=', '5', '5.0', false],
    ['>=', '5', '5.1', true],
    ['==', '-0', '0.0', false],
    ['==', '5', '5.1', true],
    ['!=', '5', '5.1', false],
    ['!=', '005', '5.0', true],
  ])('number: %s %s %s fails: %p', (operator, a, b, expected) => {
    expect(fires(operator, ['N1', a], ['N2', b])).toBe(expected)
  })

  it.each<[Operator, string, string, boolean]>([
    ['<', '2024-03', '2024-03-31', false],
    ['<', '2024-03', '2024-03-01', true],
    ['<=', '2024-03', '2024-02-29', true],
    ['>', '2024-03', '2024-03-31', true],
    ['>', '2024-03', '2024-03-30', false],
    ['>=', '2024-03', '2024-03-31', false],
    ['==', '2024-03', '2024-03-15', false],
    ['==', '2024-03', '2024-04-01', true],
    ['==', '2024-03-15', '2024-03-15', false],
    ['!=', '2024-03', '2024-03-15', false], // may or may not be the 15th
    ['!=', '2024-03-15', '2024-03-15', true],
  ])('date: %s %s %s fails: %p', (operator, a, b, expected) => {
    expect(fires(operator, ['D1', a], ['D2', b])).toBe(expected)
  })

  it.each<['==' | '!=', string, string, boolean]>([
    ['==', 'Y', 'Y', false],
    ['==', 'Y', 'N', true],
    ['!=', 'Y', 'N', false],
    ['!=', 'Y', 'Y', true],
  ])('text and code: %s %s %s fails: %p', (operator, text, code, expected) => {
    expect(fires(operator, ['T1', text], ['C1', code])).toBe(expected)
  })

  it('never fires an ordering of text (the definition validator refuses it)', () => {
    expect(fires('<', ['T1', 'Z'], ['C1', 'N'])).toBe(false)
  })
})

describe('CHANGE_FROM_BASELINE: weight more than 10 % from baseline (SOFT)', () => {
  const baselineWeight = (weight: string | null): FormValues => formValues(vitals({ 'VS.WEIGHT': weight }))
  const weightNow = (weight: string | null) => formValues(vitals({ 'VS.WEIGHT': weight }))

  it.each<[string | null, string | null, string | null]>([
    ['70.0', '70.0', null],
    ['70.0', '77.0', null], // exactly 10 %
    ['70.0', '63.0', null],
    ['70.0', '77.1', '+10.1 %'],
    ['70.0', '62.9', '-10.1 %'],
    ['66.0', '72.6', null], // exactly 10 %, 6.6 not exact in binary
    ['66.0', '59.4', null], // likewise: |66 − 59.4| × 100 is 660.0000000000001 in floating point
    ['66.0', '59.3', '-10.2 %'],
    ['70.0', '100.0', '+42.9 %'],
    [null, '100.0', null], // no baseline value
    ['0', '100.0', null], // no percentage of 0
    ['heavy', '100.0', null], // unreadable baseline
    ['70.0', null, null], // nothing entered now
    ['70.0', '99.99', null], // unreadable now: its TYPE finding says so
  ])('baseline %p, now %p: %p', (baseline, now, change) => {
    const findings = ruleFindings(weightNow(now), baselineWeight(baseline))
    expect(findings.map((finding) => [finding.checkId, finding.severity, finding.item])).toEqual(
      change ? [['VS.WEIGHT_CHANGE', 'SOFT', 'VS.WEIGHT']] : [],
    )
    if (change) expect(findings[0].message).toContain(change)
  })

  it('tells the site the values it compared', () => {
    const [finding] = ruleFindings(weightNow('80.0'), baselineWeight('70.0'))
    expect(finding.message).toBe(
      'Weight changed by more than 10 % since baseline (baseline 70.0 kg, now 80.0 kg: +14.3 %)',
    )
  })

  it('is skipped without a baseline visit', () => {
    expect(ruleFindings(weightNow('120.0'), null)).toEqual([])
    expect(ruleFindings(weightNow('120.0'), {})).toEqual([])
  })

  it('uses the size of the change against a negative baseline', () => {
    const form = variantOf((def) => {
      const weight = def.itemGroups[0].items[4]
      weight.hardRange = { min: -50, max: 300 }
    })
    const findings = ruleFindings(weightNow('-12.0'), baselineWeight('-10.0'), form)
    expect(findings.map((finding) => finding.message)).toEqual([expect.stringContaining('-20.0 %')])
    expect(ruleFindings(weightNow('-10.5'), baselineWeight('-10.0'), form)).toEqual([])
  })
})
