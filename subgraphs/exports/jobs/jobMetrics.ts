import { Counter, Histogram } from 'prom-client'
import { metrics } from '../../../platform/metrics/registry'

/**
 * Export jobs' ends and runs: a job that keeps being run again (crashes, a context down) shows as
 * `interrupted` runs before it fails; slow exports as the duration's tail. Labels are the format and
 * the outcome (bounded), never a study or a person.
 */
const jobDuration = new Histogram({
  name: 'exports_job_seconds',
  help: 'Seconds from the start of an export job run to the completed file or the failure, by format and outcome.',
  labelNames: ['format', 'outcome'] as const,
  buckets: [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
  registers: [metrics],
})

const jobRuns = new Counter({
  name: 'exports_job_runs_total',
  help: 'Export job runs by how they ended: completed, failed, interrupted (queued again), stopped (shutdown or taken over).',
  labelNames: ['format', 'outcome'] as const,
  registers: [metrics],
})

export type RunOutcome = 'completed' | 'failed' | 'interrupted' | 'stopped'

export function noteJobRun(format: string, outcome: RunOutcome, startedAt: number): void {
  jobRuns.inc({ format, outcome })
  if (outcome === 'completed' || outcome === 'failed')
    jobDuration.observe({ format, outcome }, (Date.now() - startedAt) / 1000)
}
