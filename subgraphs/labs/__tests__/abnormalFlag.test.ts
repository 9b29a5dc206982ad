import type { AbnormalFlag } from '../generated/prisma/enums'
import { abnormalFlagFor, criticalLimitsFor, CRITICAL_LIMITS, type Analyte } from '../data/abnormalFlag'
import { cohortPatientIds, cohortResults, fixtureResults } from './labFixtures'

const potassium: Analyte = { loincCode: '2823-3', unit: 'mmol/L' }
const sodium: Analyte = { loincCode: '2951-2', unit: 'mmol/L' }
const hemoglobin: Analyte = { loincCode: '718-7', unit: 'g/dL' }
const glucose: Analyte = { loincCode: '2345-7', unit: 'mg/dL' }
const alt: Analyte = { loincCode: '1742-6', unit: 'U/L' }

describe('abnormalFlagFor', () => {
  describe('generic rule: critical when beyond the interval by >= 50 % of its width', () => {
    // ALT 7-56 U/L: width 49, so LL at <= -17.5 (never, in practice) and HH at >= 80.5.
    it.each<[number, AbnormalFlag, string]>([
      [30, 'N', 'inside the interval'],
      [7, 'N', 'on the low bound'],
      [56, 'N', 'on the high bound'],
      [6.9, 'L', 'just below'],
      [56.1, 'H', 'just above'],
      [80.4, 'H', 'beyond by less than half the width'],
      [80.5, 'HH', 'beyond by exactly half the width'],
      [300, 'HH', 'far above'],
    ])('ALT %p U/L is %s (%s)', (value, flag) => {
      expect(abnormalFlagFor(value, 7, 56, alt)).toBe(flag)
    })

    // Width 2, so LL at <= 2.5 and HH at >= 6.5.
    it.each([
      [4, 'N'],
      [3, 'L'],
      [2.51, 'L'],
      [2.5, 'LL'],
      [6.49, 'H'],
      [6.5, 'HH'],
    ] as const)('%p against 3.5-5.5 without an analyte is %s', (value, flag) => {
      expect(abnormalFlagFor(value, 3.5, 5.5)).toBe(flag)
    })
  })

  describe('one-sided intervals never give a generic critical flag', () => {
    it.each([
      [5, null, 10, 'N'],
      [10, null, 10, 'N'],
      [250, null, 10, 'H'],
      [75, 60, null, 'N'],
      [5, 60, null, 'L'],
      [1, null, null, 'N'],
    ] as const)('%p with low %p, high %p is %s', (value, low, high, flag) => {
      expect(abnormalFlagFor(value, low, high)).toBe(flag)
    })
  })

  describe('documented critical limits replace the generic rule', () => {
    it.each([
      [potassium, 2.7, 3.5, 5.1, 'LL'],
      [potassium, 2.8, 3.5, 5.1, 'L'],
      [potassium, 6.2, 3.5, 5.1, 'H'],
      [potassium, 6.3, 3.5, 5.1, 'HH'],
      [sodium, 119, 135, 145, 'LL'],
      [sodium, 125, 135, 145, 'L'], // the generic rule would say LL (135 - 5)
      [sodium, 161, 135, 145, 'HH'],
      [hemoglobin, 6.9, 12, 17.5, 'LL'],
      [hemoglobin, 7.5, 12, 17.5, 'L'],
      [hemoglobin, 14, 12, 17.5, 'N'],
      [hemoglobin, 20.1, 12, 17.5, 'HH'],
      [glucose, 39, 70, 99, 'LL'],
      [glucose, 250, 70, 99, 'H'], // the generic rule would say HH (99 + 14.5)
      [glucose, 451, 70, 99, 'HH'],
    ] as const)('%o %p (ref %p-%p) is %s', (analyte, value, low, high, flag) => {
      expect(abnormalFlagFor(value, low, high, analyte)).toBe(flag)
    })

    it('applies them only in the unit they are stated in', () => {
      // Glucose in mmol/L: no documented limits, so the generic rule grades it.
      expect(criticalLimitsFor({ loincCode: '2345-7', unit: 'mmol/L' })).toBeUndefined()
      expect(abnormalFlagFor(12, 3.9, 5.5, { loincCode: '2345-7', unit: 'mmol/L' })).toBe('HH')
    })

    it('lists each LOINC code once, with low below high', () => {
      expect(new Set(CRITICAL_LIMITS.map((limits) => limits.loincCode)).size).toBe(CRITICAL_LIMITS.length)
      for (const limits of CRITICAL_LIMITS) expect(limits.low).toBeLessThan(limits.high)
    })
  })

  it('rejects values that are not finite numbers', () => {
    expect(() => abnormalFlagFor(Number.NaN, 1, 2)).toThrow(RangeError)
  })

  it('agrees with the flags of every numeric test fixture', () => {
    for (const row of [...fixtureResults, ...cohortResults(cohortPatientIds(3))]) {
      if (row.value === null || row.value === undefined) continue
      const analyte = { loincCode: row.loincCode, unit: row.unit }
      expect({
        id: row.id,
        flag: abnormalFlagFor(row.value, row.referenceLow ?? null, row.referenceHigh ?? null, analyte),
      }).toEqual({ id: row.id, flag: row.abnormalFlag })
    }
  })
})
