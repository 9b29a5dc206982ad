import { parseHistogram, summarizeBetween } from '../stageHistograms'

const exposition = (counts: {
  published: number[]
  stored: number[]
}) => `# HELP epro_alert_pipeline_seconds Seconds from the diary entry...
# TYPE epro_alert_pipeline_seconds histogram
${(['published', 'stored'] as const)
  .map((stage) =>
    ['0.01', '0.02', '0.05', '+Inf']
      .map((le, i) => `epro_alert_pipeline_seconds_bucket{le="${le}",stage="${stage}"} ${counts[stage][i]}`)
      .join('\n'),
  )
  .join('\n')}
epro_alert_pipeline_seconds_sum{stage="published"} 1.5
epro_alert_pipeline_seconds_count{stage="published"} ${counts.published[3]}
other_metric_bucket{le="0.01"} 99
`

describe('stage histograms', () => {
  it('reads the buckets of the named histogram per series, ignoring other metrics, sums and counts', () => {
    const buckets = parseHistogram(
      exposition({ published: [1, 2, 3, 4], stored: [0, 0, 5, 5] }),
      'epro_alert_pipeline_seconds',
    )
    expect([...buckets.keys()]).toEqual(['stage="published"', 'stage="stored"'])
    expect(buckets.get('stage="published"')).toEqual([
      [0.01, 1],
      [0.02, 2],
      [0.05, 3],
      [Infinity, 4],
    ])
  })

  it('estimates percentiles of what was observed between two readings, linearly within a bucket', () => {
    const before = parseHistogram(
      exposition({ published: [10, 10, 10, 10], stored: [0, 0, 0, 0] }),
      'epro_alert_pipeline_seconds',
    )
    // In the window: published 100 events, all between 10 and 20 ms; stored 10 between 20 and 50 ms.
    const after = parseHistogram(
      exposition({ published: [10, 110, 110, 110], stored: [0, 0, 10, 10] }),
      'epro_alert_pipeline_seconds',
    )
    const summary = summarizeBetween(before, after)
    expect(summary['stage="published"']!.count).toBe(100)
    expect(summary['stage="published"']!.p50Ms).toBeCloseTo(15)
    expect(summary['stage="published"']!.p99Ms).toBeCloseTo(19.9)
    expect(summary['stage="stored"']).toEqual({ count: 10, p50Ms: expect.closeTo(35), p99Ms: expect.closeTo(49.7) })
  })

  it('says "at least the last bound" for observations beyond it, and NaN for a series with nothing new', () => {
    const before = parseHistogram(
      exposition({ published: [0, 0, 0, 0], stored: [1, 1, 1, 1] }),
      'epro_alert_pipeline_seconds',
    )
    const after = parseHistogram(
      exposition({ published: [0, 0, 0, 4], stored: [1, 1, 1, 1] }),
      'epro_alert_pipeline_seconds',
    )
    const summary = summarizeBetween(before, after)
    expect(summary['stage="published"']).toEqual({ count: 4, p50Ms: 50, p99Ms: 50 })
    expect(summary['stage="stored"']!.count).toBe(0)
    expect(summary['stage="stored"']!.p50Ms).toBeNaN()
  })
})
