import type { FormValues } from '../../definitions/formDefinition'
import { check, formValues, medication, vitals } from './vitalSignsForm'

// Values for items, groups or rows the form does not have are refused, never stored silently.

describe('runEditChecks: values the form does not have', () => {
  it.each<[string, FormValues, Array<[string, string, number, string]>]>([
    ['an unknown group', { ...formValues(), 'IG.LB': [{ 'LB.HGB': '13' }] }, [['IG.LB.UNKNOWN_ITEM', 'IG.LB', 1, '']]],
    ['an unknown item', formValues(vitals({ 'VS.TEMP': '37.0' })), [['VS.TEMP.UNKNOWN_ITEM', 'IG.VS', 1, 'VS.TEMP']]],
    [
      'an item of another group',
      formValues(vitals(), [medication('Aspirin', '2020'), { ...medication('Ramipril', '2021'), 'VS.SYSBP': null }]),
      [['VS.SYSBP.UNKNOWN_ITEM', 'IG.CM', 2, 'VS.SYSBP']],
    ],
    [
      'a second row of a non-repeating group',
      { 'IG.VS': [vitals(), vitals(), vitals()] },
      [
        ['IG.VS.ROWS', 'IG.VS', 2, ''],
        ['IG.VS.ROWS', 'IG.VS', 3, ''],
      ],
    ],
  ])('%s is refused', (_, values, expected) => {
    const findings = check(values).findings
    expect(findings.map((finding) => [finding.checkId, finding.group, finding.row, finding.item])).toEqual(expected)
    expect(findings.every((finding) => finding.kind === 'UNKNOWN_ITEM' && finding.severity === 'HARD')).toBe(true)
  })

  it('leaves them out of the normalised values', () => {
    const values = { 'IG.VS': [vitals({ 'VS.TEMP': '37.0' }), vitals({ 'VS.SYSBP': '999' })], 'IG.LB': [{}] }
    const { normalized, findings } = check(values)
    expect(Object.keys(normalized)).toEqual(['IG.VS', 'IG.CM'])
    expect(normalized['IG.VS']).toEqual([vitals()])
    // Row 2 is refused as a whole, not checked item by item (its 999 would be out of range).
    expect(findings.map((finding) => finding.checkId)).toEqual([
      'VS.TEMP.UNKNOWN_ITEM',
      'IG.VS.ROWS',
      'IG.LB.UNKNOWN_ITEM',
    ])
  })
})
