/**
 * The p-th percentile (0 < p ≤ 1) by nearest rank: the smallest measured value with at least p of
 * the values at or below it, so a p99 of 100 samples is the 99th value, never an interpolation
 * between two. NaN for no values. Every scenario reports percentiles this one way.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!
}
