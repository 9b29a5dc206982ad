/**
 * Reads Prometheus histograms off a process's /metrics before and after a measured window and
 * estimates percentiles of what was observed in between, so a benchmark can say where the time
 * went inside a server (the alert pipeline's stages) without a tracer. Percentiles come from the
 * bucket bounds (linear within a bucket): as precise as the buckets, which is enough to name the
 * stage whose tail jumps.
 */
type Buckets = Map<string, [number, number][]> // series labels (without le) → [upper bound, cumulative count]

export async function scrapeHistogram(baseUrl: string, name: string): Promise<Buckets> {
  return parseHistogram(await (await fetch(`${baseUrl}/metrics`)).text(), name)
}

/** The buckets of histogram `name` in a Prometheus text exposition, per series. */
export function parseHistogram(text: string, name: string): Buckets {
  const series: Buckets = new Map()
  const line = new RegExp(`^${name}_bucket\\{(.*)\\} (\\S+)$`)
  for (const row of text.split('\n')) {
    const match = line.exec(row)
    if (!match) continue
    const labels = match[1]!.split(',').filter((l) => !l.startsWith('le='))
    const le = /le="([^"]+)"/.exec(match[1]!)![1]!
    const key = labels.join(',')
    series.set(key, [...(series.get(key) ?? []), [le === '+Inf' ? Infinity : Number(le), Number(match[2])]])
  }
  return series
}

export interface StageSummary {
  count: number
  p50Ms: number
  p99Ms: number
}

function quantile(buckets: [number, number][], q: number): number {
  const total = buckets.at(-1)?.[1] ?? 0
  const rank = q * total
  let previousBound = 0
  let previousCount = 0
  for (const [bound, count] of buckets) {
    if (count >= rank && count > previousCount) {
      if (bound === Infinity) return previousBound // beyond the last bound: say at least that
      return previousBound + ((bound - previousBound) * (rank - previousCount)) / (count - previousCount)
    }
    previousBound = bound
    previousCount = count
  }
  return NaN
}

/** Per series, what was observed between the two scrapes. */
export function summarizeBetween(before: Buckets, after: Buckets): Record<string, StageSummary> {
  const summaries: Record<string, StageSummary> = {}
  for (const [key, buckets] of after) {
    const earlier = new Map(before.get(key) ?? [])
    const delta = buckets.map(([bound, count]): [number, number] => [bound, count - (earlier.get(bound) ?? 0)])
    const count = delta.at(-1)?.[1] ?? 0
    summaries[key || 'all'] = { count, p50Ms: quantile(delta, 0.5) * 1000, p99Ms: quantile(delta, 0.99) * 1000 }
  }
  return summaries
}
