import { validateThresholds } from '../safetyRules'
import { DEFAULT_THRESHOLDS, type SafetyThresholds } from '../../data/safetyRuleSet'

// The thresholds a study may set for its safety rules: the defaults, and what is refused.
const T = DEFAULT_THRESHOLDS

describe('DEFAULT_THRESHOLDS', () => {
  it('are the documented defaults, valid, and frozen', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({
      painAbsolute: 8,
      painRiseOverBaseline: 3,
      seriousGrade: 3,
      baselineDays: 7,
      minBaselineEntries: 3,
    })
    expect(validateThresholds(DEFAULT_THRESHOLDS)).toEqual([])
    expect(Object.isFrozen(DEFAULT_THRESHOLDS)).toBe(true)
  })
})

describe('validateThresholds', () => {
  const withValue = (change: Partial<SafetyThresholds>): SafetyThresholds => ({ ...T, ...change })
  it.each([
    ['painAbsolute 1 (lowest)', withValue({ painAbsolute: 1 }), []],
    ['painAbsolute 10 (highest)', withValue({ painAbsolute: 10 }), []],
    [
      'painAbsolute 0',
      withValue({ painAbsolute: 0 }),
      ['Severe pain score (painAbsolute) must be a whole number from 1 to 10; it is 0.'],
    ],
    [
      'painAbsolute 11',
      withValue({ painAbsolute: 11 }),
      ['Severe pain score (painAbsolute) must be a whole number from 1 to 10; it is 11.'],
    ],
    [
      'painAbsolute 7.5',
      withValue({ painAbsolute: 7.5 }),
      ['Severe pain score (painAbsolute) must be a whole number from 1 to 10; it is 7.5.'],
    ],
    [
      'painAbsolute NaN',
      withValue({ painAbsolute: NaN }),
      ['Severe pain score (painAbsolute) must be a whole number from 1 to 10; it is NaN.'],
    ],
    [
      'painRiseOverBaseline 0',
      withValue({ painRiseOverBaseline: 0 }),
      ['Pain rise over baseline (painRiseOverBaseline) must be a whole number from 1 to 10; it is 0.'],
    ],
    [
      'painRiseOverBaseline 11',
      withValue({ painRiseOverBaseline: 11 }),
      ['Pain rise over baseline (painRiseOverBaseline) must be a whole number from 1 to 10; it is 11.'],
    ],
    ['seriousGrade 1 (lowest)', withValue({ seriousGrade: 1 }), []],
    ['seriousGrade 5 (highest)', withValue({ seriousGrade: 5 }), []],
    [
      'seriousGrade 0',
      withValue({ seriousGrade: 0 }),
      ['Serious CTCAE grade (seriousGrade) must be a whole number from 1 to 5; it is 0.'],
    ],
    [
      'seriousGrade 6',
      withValue({ seriousGrade: 6 }),
      ['Serious CTCAE grade (seriousGrade) must be a whole number from 1 to 5; it is 6.'],
    ],
    ['baselineDays 60 (highest)', withValue({ baselineDays: 60 }), []],
    [
      'baselineDays 0',
      withValue({ baselineDays: 0 }),
      ['Baseline days (baselineDays) must be a whole number from 1 to 60; it is 0.'],
    ],
    [
      'baselineDays 61',
      withValue({ baselineDays: 61 }),
      ['Baseline days (baselineDays) must be a whole number from 1 to 60; it is 61.'],
    ],
    ['minBaselineEntries equal to baselineDays', withValue({ baselineDays: 5, minBaselineEntries: 5 }), []],
    [
      'minBaselineEntries above baselineDays',
      withValue({ baselineDays: 5, minBaselineEntries: 6 }),
      [
        'Minimum baseline entries (minBaselineEntries) must be a whole number from 1 to 5 (the baseline days); it is 6.',
      ],
    ],
    [
      'minBaselineEntries 0',
      withValue({ minBaselineEntries: 0 }),
      [
        'Minimum baseline entries (minBaselineEntries) must be a whole number from 1 to 7 (the baseline days); it is 0.',
      ],
    ],
    [
      'minBaselineEntries checked against 60 when baselineDays is itself wrong',
      withValue({ baselineDays: 0, minBaselineEntries: 61 }),
      [
        'Baseline days (baselineDays) must be a whole number from 1 to 60; it is 0.',
        'Minimum baseline entries (minBaselineEntries) must be a whole number from 1 to 60; it is 61.',
      ],
    ],
    [
      'every problem is listed',
      { painAbsolute: 0, painRiseOverBaseline: 0, seriousGrade: 0, baselineDays: 0, minBaselineEntries: 0 },
      [
        'Severe pain score (painAbsolute) must be a whole number from 1 to 10; it is 0.',
        'Pain rise over baseline (painRiseOverBaseline) must be a whole number from 1 to 10; it is 0.',
        'Serious CTCAE grade (seriousGrade) must be a whole number from 1 to 5; it is 0.',
        'Baseline days (baselineDays) must be a whole number from 1 to 60; it is 0.',
        'Minimum baseline entries (minBaselineEntries) must be a whole number from 1 to 60; it is 0.',
      ],
    ],
  ])('%s', (_name, thresholds, problems) => {
    expect(validateThresholds(thresholds)).toEqual(problems)
  })
})
