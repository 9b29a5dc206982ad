/** One sample of a Prometheus text-format scrape. */
export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

/** Every sample of a /metrics endpoint (labels parsed; enough for the values our exporters print). */
export async function scrape(baseUrl: string): Promise<Sample[]> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text()
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match) continue
    const labels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]),
    )
    samples.push({ name: match[1]!, labels, value: Number(match[3]) })
  }
  return samples
}

/** Unlabelled series by name (gauges). */
export async function scrapeMetrics(baseUrl: string): Promise<Map<string, number>> {
  return new Map(
    (await scrape(baseUrl)).filter((s) => Object.keys(s.labels).length === 0).map((s) => [s.name, s.value]),
  )
}

/** The sum of a series' samples whose labels include `labels`. */
export function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0)
}
