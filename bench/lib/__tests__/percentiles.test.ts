import { percentile } from '../percentiles'

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i) // 100..1, unsorted on purpose

  it('takes the value at the rank, never one between two', () => {
    expect(percentile(hundred, 0.5)).toBe(50)
    expect(percentile(hundred, 0.99)).toBe(99)
    expect(percentile(hundred, 1)).toBe(100)
    expect(percentile([3, 1, 2], 0.5)).toBe(2)
  })

  it('a single value is every percentile; no value is NaN', () => {
    expect(percentile([7], 0.01)).toBe(7)
    expect(percentile([7], 0.99)).toBe(7)
    expect(percentile([], 0.5)).toBeNaN()
  })
})
