/**
 * Splits an integer total over weighted buckets so the parts sum exactly to the total (largest
 * remainder method). Optional caps bound each bucket; what a capped bucket cannot take is shared
 * among the others. Used wherever the scale asks for exact counts (patients per site, status
 * quotas, diary entries per patient, lab results).
 */
export function apportion(total: number, weights: readonly number[], caps?: readonly number[]): number[] {
  const limit = (i: number) => (caps ? caps[i]! : Number.POSITIVE_INFINITY)
  const capacity = weights.reduce((sum, _, i) => sum + limit(i), 0)
  if (total > capacity) throw new RangeError(`Cannot place ${total} items in buckets holding ${capacity}`)
  const shares = weights.map(() => 0)
  let open = weights.map((_, i) => i).filter((i) => limit(i) > 0)
  let remaining = total
  // Buckets whose fair share exceeds their cap take the cap; the rest is re-shared.
  for (;;) {
    const weightSum = open.reduce((sum, i) => sum + weights[i]!, 0)
    const fair = (i: number) => (weightSum > 0 ? (remaining * weights[i]!) / weightSum : remaining / open.length)
    const capped = open.filter((i) => fair(i) >= limit(i))
    if (capped.length === 0) {
      for (const i of open) shares[i] = fair(i)
      break
    }
    for (const i of capped) {
      shares[i] = limit(i)
      remaining -= limit(i)
    }
    open = open.filter((i) => !capped.includes(i))
    if (open.length === 0) break
  }
  const floors = shares.map(Math.floor)
  let leftover = total - floors.reduce((sum, n) => sum + n, 0)
  const byRemainder = shares
    .map((share, i) => ({ i, fraction: share - floors[i]! }))
    .sort((x, y) => y.fraction - x.fraction || x.i - y.i)
  for (const { i } of byRemainder) {
    if (leftover <= 0) break
    if (floors[i]! < limit(i)) {
      floors[i] = floors[i]! + 1
      leftover -= 1
    }
  }
  return floors
}
