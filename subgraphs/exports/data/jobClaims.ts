import type { ExportsPrisma } from './prismaClient'
import type { ExportJobModel } from './models'

/**
 * How workers share the queue: a job is claimed with FOR UPDATE SKIP LOCKED (two workers never take
 * the same one) under a new run id, and held by beating its heart (the database's clock, so hosts'
 * clocks do not matter). A RUNNING job whose heart stopped for `staleAfterMs` (its worker crashed,
 * was killed, lost its database) is claimed again under a new run id and run from the start; every
 * write of a run is guarded by its run id, so an old run's late writes land nowhere.
 */
export async function claimNextJob(
  prisma: ExportsPrisma,
  staleAfterMs: number,
  maxAttempts: number,
): Promise<ExportJobModel | null> {
  const ids = await prisma.$queryRaw<{ id: string }[]>`
    UPDATE export_job
       SET status = 'RUNNING', attempts = attempts + 1, run_id = gen_random_uuid(), started_at = now(),
           heartbeat_at = now(), subjects_done = 0, subjects_total = NULL, bytes = 0
     WHERE id = (
       SELECT id FROM export_job
        WHERE attempts < ${maxAttempts}
          AND (status = 'QUEUED'
               OR (status = 'RUNNING' AND heartbeat_at < now() - make_interval(secs => ${staleAfterMs / 1000})))
        ORDER BY requested_at
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
    RETURNING id`
  if (!ids[0]) return null
  return prisma.exportJob.findUnique({ where: { id: ids[0].id } })
}

/**
 * Jobs whose every allowed run died with its process (the heart stopped at the last attempt: a job
 * that crashes whatever runs it): FAILED, so no further process is taken down by it. Their ids.
 */
export async function failExhaustedJobs(
  prisma: ExportsPrisma,
  staleAfterMs: number,
  maxAttempts: number,
  reason: string,
): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    UPDATE export_job
       SET status = 'FAILED', error = ${reason}, completed_at = now(), heartbeat_at = NULL, run_id = NULL
     WHERE attempts >= ${maxAttempts}
       AND status = 'RUNNING' AND heartbeat_at < now() - make_interval(secs => ${staleAfterMs / 1000})
    RETURNING id`
  return rows.map((r) => r.id)
}

/** A run: its job and the run id it claimed the job under. */
export interface JobRun {
  jobId: string
  runId: string
}
export const heldBy = (run: JobRun) => ({ id: run.jobId, runId: run.runId, status: 'RUNNING' as const })

/** Progress and heartbeat; false when the run no longer holds the job (cancelled, taken over). */
export async function recordProgress(
  prisma: ExportsPrisma,
  run: JobRun,
  progress: { subjectsDone: number; subjectsTotal: number | null; bytes: number },
): Promise<boolean> {
  const count = await prisma.$executeRaw`
    UPDATE export_job
       SET subjects_done = ${progress.subjectsDone}, subjects_total = ${progress.subjectsTotal},
           bytes = ${BigInt(progress.bytes)}, heartbeat_at = now()
     WHERE id = ${run.jobId}::uuid AND run_id = ${run.runId}::uuid AND status = 'RUNNING'`
  return count === 1
}

/**
 * Back to the queue at once, so the next worker need not wait for the heart to go stale; `uncount`
 * (a graceful shutdown, nobody's fault) takes the run off the attempts.
 */
export async function releaseJob(prisma: ExportsPrisma, run: JobRun, { uncount = false } = {}): Promise<void> {
  await prisma.exportJob.updateMany({
    where: heldBy(run),
    data: { status: 'QUEUED', heartbeatAt: null, runId: null, ...(uncount ? { attempts: { decrement: 1 } } : {}) },
  })
}
