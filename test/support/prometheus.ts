/** Reads unlabelled series from a Prometheus /metrics endpoint (enough for gauges in tests). */
export async function scrapeMetrics(baseUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text()
  const values = new Map<string, number>()
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*) (\S+)$/.exec(line)
    if (match) values.set(match[1]!, Number(match[2]))
  }
  return values
}
