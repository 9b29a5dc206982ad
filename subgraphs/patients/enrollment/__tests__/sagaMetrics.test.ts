import { metrics } from '../../../../platform/metrics/registry'
import { noteSagaMoved } from '../sagaMetrics'

// The saga's metrics as patients' /metrics serves them (the process registry): a finished attempt
// is timed from its start and counted by outcome and failure code; a move that does not end the
// saga is neither.
const sample = async (name: string, labels: Record<string, string>) => {
  const metric = (await metrics.getMetricsAsJSON()).find((m) => m.name === name)
  const values = (metric?.values ?? []) as { labels: Record<string, unknown>; value: number; metricName?: string }[]
  return values.find(
    (v) =>
      (v.metricName ?? name) === (name.endsWith('_seconds') ? `${name}_count` : name) &&
      Object.entries(labels).every(([k, l]) => v.labels[k] === l),
  )?.value
}

test('a finished saga is timed by outcome and counted by failure code; a step on the way is not', async () => {
  const startedAt = new Date(1_000_000)
  noteSagaMoved({ sagaId: 's1', state: 'ALLOCATING_KIT', failureCode: null, startedAt }, 1_000_200)
  expect(await sample('patients_enrollment_saga_outcomes_total', { outcome: 'ENROLLED' })).toBeUndefined()

  noteSagaMoved({ sagaId: 's1', state: 'ENROLLED', failureCode: null, startedAt }, 1_000_300)
  noteSagaMoved({ sagaId: 's2', state: 'FAILED', failureCode: 'SITE_CAP_REACHED', startedAt }, 1_000_040)
  noteSagaMoved({ sagaId: 's3', state: 'FAILED', failureCode: 'SITE_CAP_REACHED', startedAt }, 1_000_040)

  expect(await sample('patients_enrollment_saga_outcomes_total', { outcome: 'ENROLLED', code: 'none' })).toBe(1)
  expect(await sample('patients_enrollment_saga_outcomes_total', { outcome: 'FAILED', code: 'SITE_CAP_REACHED' })).toBe(
    2,
  )
  expect(await sample('patients_enrollment_saga_seconds', { outcome: 'ENROLLED' })).toBe(1)
  expect(await sample('patients_enrollment_saga_seconds', { outcome: 'FAILED' })).toBe(2)
  const text = await metrics.metrics()
  // 300 ms lands in the 0.5 s bucket, not in the 0.25 s one.
  expect(text).toContain('patients_enrollment_saga_seconds_bucket{le="0.25",outcome="ENROLLED"} 0')
  expect(text).toContain('patients_enrollment_saga_seconds_bucket{le="0.5",outcome="ENROLLED"} 1')
})
