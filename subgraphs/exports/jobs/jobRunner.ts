import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from '../../../platform/logging/logger'
import { sleepUnlessAborted } from '../../../platform/shutdown/abortable'
import { auditEvent } from '../../../subgraph-runtime/audit/auditTrail'
import { crashIfAt, type CrashPoint } from '../../../subgraph-runtime/faultInjection'
import { systemActor } from '../../../subgraph-runtime/audit/auditActor'
import { ExportReadError } from '../read/supergraphClient'
import type { ExportsPrisma } from '../data/prismaClient'
import type { ExportJobModel } from '../data/models'
import { claimNextJob, failExhaustedJobs, heldBy, recordProgress, releaseJob, type JobRun } from '../data/jobClaims'
import { CredentialRefusedError } from './jobCredential'
import { noteJobRun } from './jobMetrics'
import { JobRefusedError, RunStoppedError, runFileName, runJob, type JobRunOptions } from './runJob'

/** Runs cut short by something passing (a context down, the database gone) before the job is failed. */
export const MAX_ATTEMPTS = 5
const IDLE_POLL_MS = 1_000
const PROGRESS_EVERY_MS = 1_000

export interface JobRunnerOptions extends Omit<JobRunOptions, 'onProgress'> {
  workers: number
  staleAfterMs: number
  logger: Logger
  /** Test-only: where the process kills itself (subgraph-runtime/faultInjection.ts). */
  crashPoint?: CrashPoint
}

/** Errors a new run would meet again: the job fails, with the reason in words for its requester. */
const permanent = (error: unknown) =>
  (error instanceof ExportReadError && !error.transient) ||
  error instanceof CredentialRefusedError ||
  error instanceof JobRefusedError

/**
 * The background half of export jobs: `workers` loops, each claiming the oldest queued job (or a
 * running one whose worker went silent), running it, and recording how it ended with its audit
 * event. A run that meets a passing fault (a refused connection, a lost database) puts the job back
 * in the queue; after MAX_ATTEMPTS runs, or at once on a fault no retry mends, the job fails.
 */
export function startJobRunner(prisma: ExportsPrisma, options: JobRunnerOptions) {
  const stopping = new AbortController()
  let wakeUp: (() => void) | null = null
  const running = new Set<Promise<void>>()
  const log = options.logger.child({ component: 'export-jobs' })

  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        stopping.signal.removeEventListener('abort', done)
        if (wakeUp === done) wakeUp = null
        resolve()
      }
      const timer = setTimeout(done, ms)
      wakeUp = done
      stopping.signal.addEventListener('abort', done, { once: true })
    })

  /** Records how the run ended, with its audit event; false when the run no longer held the job. */
  const finish = (run: JobRun, job: ExportJobModel, outcome: 'COMPLETED' | 'FAILED', data: object) =>
    prisma.$transaction(async (tx) => {
      const { count } = await tx.exportJob.updateMany({
        where: heldBy(run),
        data: { status: outcome, completedAt: new Date(), heartbeatAt: null, ...data },
      })
      if (count !== 1) return false // cancelled or taken over meanwhile: not this run's to record
      await auditEvent(
        tx,
        systemActor(`export-job:${job.id}:${run.runId}`),
        outcome === 'COMPLETED' ? 'EXPORT_COMPLETED' : 'EXPORT_FAILED',
        { type: 'ExportJob', id: job.id },
        new Date(),
        { newValue: { status: outcome, attempt: job.attempts, ...data } },
      )
      return true
    })

  /**
   * The end of a run recorded, asked again while the database is briefly away: the file is done,
   * and a blip must not cost a re-run. Still failing, the job stays RUNNING with a heart that no
   * longer beats, and another run takes it over (the file of this one is removed).
   */
  async function finishPatiently(...args: Parameters<typeof finish>): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await finish(...args)
      } catch (error) {
        if (attempt >= 4 || stopping.signal.aborted) throw error
        log.warn({ err: error, jobId: args[0].jobId }, 'export job: its end not recorded yet (asking again)')
        await sleepUnlessAborted(500 * 2 ** attempt, stopping.signal)
      }
    }
  }

  async function runOne(job: ExportJobModel): Promise<void> {
    const run: JobRun = { jobId: job.id, runId: job.runId! }
    const startedAt = Date.now()
    const ownFile = path.join(options.storageDir, runFileName(job, run.runId))
    let lost = false
    let lastBeat = Date.now()
    let last = 0
    let latest = { subjectsDone: 0, subjectsTotal: null as number | null, bytes: 0 }
    const beat = async () => {
      try {
        if (!(await recordProgress(prisma, run, latest))) lost = true
        else {
          lastBeat = Date.now()
          if (latest.subjectsTotal && latest.subjectsDone * 2 >= latest.subjectsTotal)
            crashIfAt(options.crashPoint, 'exports.job.midway')
        }
      } catch (error) {
        log.warn({ err: error, jobId: job.id }, 'export job: progress not recorded (will try again)')
      }
    }
    await removeEarlierRuns(job.id)
    // The heart beats even while a read waits (retries, rate limits), so a live run is never taken over.
    const heart = setInterval(() => void beat(), Math.max(500, options.staleAfterMs / 3))
    let file: Awaited<ReturnType<typeof runJob>>
    try {
      file = await runJob(job, run.runId, {
        ...options,
        onProgress: (progress) => {
          if (lost) throw new RunStoppedError('The job was cancelled, or taken over by another worker.')
          // A run whose heart could not beat for the stale window may have been taken over already.
          if (Date.now() - lastBeat > options.staleAfterMs)
            throw new RunStoppedError('The run could not record its progress for too long.')
          if (stopping.signal.aborted) throw new RunStoppedError('The exports service is shutting down.')
          latest = progress
          if (Date.now() - last >= PROGRESS_EVERY_MS) {
            last = Date.now()
            void beat()
          }
        },
      })
    } catch (error) {
      clearInterval(heart)
      await fs.promises.rm(ownFile, { force: true })
      await ended(job, run, error, startedAt)
      return
    }
    clearInterval(heart)
    let recorded = false
    try {
      recorded = await finishPatiently(run, job, 'COMPLETED', {
        subjectsDone: file.subjects,
        subjectsTotal: file.subjects,
        bytes: BigInt(file.bytes),
        sha256: file.sha256,
        fileName: file.fileName,
        storedFile: file.storedFile,
      })
    } finally {
      // Cancelled or taken over as it completed (or its end could not be recorded): the file is not the job's.
      if (!recorded) await fs.promises.rm(ownFile, { force: true })
    }
    if (!recorded) return void noteJobRun(job.format, 'stopped', startedAt)
    noteJobRun(job.format, 'completed', startedAt)
    log.info({ jobId: job.id, bytes: file.bytes, subjects: file.subjects }, 'export job completed')
  }

  /** A run that threw: stopped, failed for good, or queued again. */
  async function ended(job: ExportJobModel, run: JobRun, error: unknown, startedAt: number): Promise<void> {
    if (error instanceof RunStoppedError) {
      noteJobRun(job.format, 'stopped', startedAt)
      // A shutdown is nobody's fault: the run does not count, the next process starts it again.
      if (stopping.signal.aborted) await releaseJob(prisma, run, { uncount: true })
      return
    }
    if (permanent(error) || job.attempts >= MAX_ATTEMPTS) {
      const message = error instanceof Error ? error.message : String(error)
      log.warn({ jobId: job.id, err: error, attempt: job.attempts }, 'export job failed')
      noteJobRun(job.format, 'failed', startedAt)
      await finishPatiently(run, job, 'FAILED', {
        error: permanent(error) ? message : `The export failed ${job.attempts} times; the last time: ${message}`,
      })
      return
    }
    noteJobRun(job.format, 'interrupted', startedAt)
    log.warn({ jobId: job.id, err: error, attempt: job.attempts }, 'export job interrupted: queued again')
    await releaseJob(prisma, run)
    if (!stopping.signal.aborted) await sleepUnlessAborted(2_000, stopping.signal)
  }

  /** What runs of the job before this one left (a killed run's `.partial`): never the job's file. */
  async function removeEarlierRuns(jobId: string): Promise<void> {
    const names = await fs.promises.readdir(options.storageDir).catch(() => [] as string[])
    await Promise.all(
      names
        .filter((name) => name.startsWith(`${jobId}.`))
        .map((name) => fs.promises.rm(path.join(options.storageDir, name), { force: true })),
    )
  }

  /** Jobs that took down every process that ran them, failed with their audit event. */
  async function failExhausted(): Promise<void> {
    const reason = `The export stopped without a trace ${MAX_ATTEMPTS} times (its process ended each time); it is not tried again.`
    for (const id of await failExhaustedJobs(prisma, options.staleAfterMs, MAX_ATTEMPTS, reason)) {
      await auditEvent(
        prisma,
        systemActor(`export-job:${id}`),
        'EXPORT_FAILED',
        { type: 'ExportJob', id },
        new Date(),
        {
          newValue: { status: 'FAILED', error: reason },
        },
      )
      log.warn({ jobId: id }, 'export job failed: every run ended with its process')
    }
  }

  async function worker(): Promise<void> {
    while (!stopping.signal.aborted) {
      let job: ExportJobModel | null = null
      try {
        await failExhausted()
        job = await claimNextJob(prisma, options.staleAfterMs, MAX_ATTEMPTS)
      } catch (error) {
        log.warn({ err: error }, 'export jobs: could not look for work (database unavailable?)')
      }
      if (!job) {
        await idle(IDLE_POLL_MS)
        continue
      }
      await runOne(job).catch((error: unknown) => log.error({ err: error, jobId: job.id }, 'export job: run failed'))
    }
  }

  for (let i = 0; i < options.workers; i++) {
    const loop = worker()
    running.add(loop)
    void loop.finally(() => running.delete(loop))
  }

  return {
    /** A job was queued: an idle worker looks now instead of at its next poll. */
    wake: () => wakeUp?.(),
    /** Stops claiming; a running job stops at its next subject and goes back to the queue. */
    async stop(): Promise<void> {
      stopping.abort()
      await Promise.all(running)
    },
  }
}

export type JobRunner = ReturnType<typeof startJobRunner>
