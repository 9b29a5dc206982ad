import type { ExportsPrisma } from './prismaClient'
import type { ExportJobModel } from './models'

/**
 * How workers share the queue: a job is claimed with FOR UPDATE SKIP LOCKED (two workers never take
 * the same one) and held by beating its heart. A RUNNING job whose heart stopped for `staleAfterMs`
 * (its worker crashed, was killed, lost its database) is claimed again and run from the start; the
 * attempt number tells the old run's late writes from the new run's, so they are ignored.
 */
export async function claimNextJob(prisma: ExportsPrisma, staleAfterMs: number): Promise<ExportJobModel | null> {
  const ids = await prisma.$queryRaw<{ id: string }[]>`
    UPDATE export_job
       SET status = 'RUNNING', attempts = attempts + 1, started_at = now(), heartbeat_at = now(),
           subjects_done = 0, subjects_total = NULL, bytes = 0
     WHERE id = (
       SELECT id FROM export_job
        WHERE status = 'QUEUED'
           OR (status = 'RUNNING' AND heartbeat_at < now() - make_interval(secs => ${staleAfterMs / 1000}))
        ORDER BY requested_at
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
    RETURNING id`
  if (!ids[0]) return null
  return prisma.exportJob.findUnique({ where: { id: ids[0].id } })
}

/** A run's identity: its job and attempt. Its writes land only while it still holds the job. */
export interface JobRun {
  jobId: string
  attempt: number
}
const held = (run: JobRun) => ({ id: run.jobId, attempts: run.attempt, status: 'RUNNING' as const })

/** Progress and heartbeat; false when the run no longer holds the job (taken over or finished). */
export async function recordProgress(
  prisma: ExportsPrisma,
  run: JobRun,
  progress: { subjectsDone: number; subjectsTotal: number | null; bytes: number },
): Promise<boolean> {
  const { count } = await prisma.exportJob.updateMany({
    where: held(run),
    data: { ...progress, bytes: BigInt(progress.bytes), heartbeatAt: new Date() },
  })
  return count === 1
}

/**
 * Back to the queue at once, so the next worker need not wait for the heart to go stale; `uncount`
 * (a graceful shutdown, nobody's fault) takes the run off the attempts.
 */
export async function releaseJob(prisma: ExportsPrisma, run: JobRun, { uncount = false } = {}): Promise<void> {
  await prisma.exportJob.updateMany({
    where: held(run),
    data: { status: 'QUEUED', heartbeatAt: null, ...(uncount ? { attempts: { decrement: 1 } } : {}) },
  })
}

export { held as heldBy }
