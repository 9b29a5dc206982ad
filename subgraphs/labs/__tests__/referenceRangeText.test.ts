import { referenceRangeText } from '../data/referenceRangeText'

describe('referenceRangeText', () => {
  it.each([
    [12, 17.5, 'g/dL', '12.0–17.5 g/dL'],
    [3.5, 5.1, 'mmol/L', '3.5–5.1 mmol/L'],
    [135, 145, 'mmol/L', '135–145 mmol/L'],
    [150, 400, '10*3/uL', '150–400 10*3/uL'],
    [0.6, 1.25, 'mg/dL', '0.60–1.25 mg/dL'],
    [-2, 3, 'mmol/L', '-2–3 mmol/L'],
    [-2.5, 3, 'mmol/L', '-2.5–3.0 mmol/L'],
    [null, 10, 'mg/L', '< 10 mg/L'],
    [null, 0.04, 'ng/mL', '< 0.04 ng/mL'],
    [60, null, 'mL/min', '> 60 mL/min'],
    [60, null, 'mL/min/{1.73_m2}', '> 60 mL/min/{1.73_m2}'],
    [null, null, 'g/dL', 'not established'],
    [1.005, 1.03, '1', '1.005–1.030'],
    [36, 46, '%', '36–46 %'],
    [4, 6, '', '4–6'],
    [0.00001, 0.00005, 'mol/L', '0.00001–0.00005 mol/L'],
  ] as const)('low %p, high %p, unit %p → %p', (low, high, unit, text) => {
    expect(referenceRangeText(low, high, unit)).toBe(text)
  })
})
