import type { SubscriptionResolvers } from '../generated/graphql'
import type { ExportsPrisma } from '../data/prismaClient'
import type { ExportJobModel } from '../data/models'
import { requireReadableJob } from './jobAccess'

const POLL_MS = 500
const changeKey = (job: ExportJobModel) => `${job.status}:${job.attempts}:${job.subjectsDone}:${job.subjectsTotal}`
const finished = (job: ExportJobModel) => job.status !== 'QUEUED' && job.status !== 'RUNNING'

/**
 * The job as stored, whenever it changed, until it ends. Read from the database, not from the
 * worker's memory: the worker may be another process (or a new one after a crash), and the
 * subscription follows the job whoever runs it. Written as an iterator rather than a generator so
 * that an unsubscribe (return) stops the polling at once — a generator would only see it at its
 * next yield, which for a job waiting in the queue may be long after.
 */
function jobChanges(prisma: ExportsPrisma, first: ExportJobModel): AsyncIterableIterator<ExportJobModel> {
  let job: ExportJobModel | null = first
  let seen: string | null = null
  let stopped = false
  let wake: (() => void) | null = null
  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, POLL_MS)
      function done() {
        clearTimeout(timer)
        wake = null
        resolve()
      }
      wake = done
    })
  const end = (): IteratorResult<ExportJobModel> => ({ done: true, value: undefined })
  return {
    [Symbol.asyncIterator]() {
      return this
    },
    async next() {
      for (;;) {
        if (stopped || !job) return end()
        if (seen === null || changeKey(job) !== seen) {
          seen = changeKey(job)
          return { done: false, value: job }
        }
        if (finished(job)) return end()
        await pause()
        if (stopped) return end()
        job = await prisma.exportJob.findUnique({ where: { id: first.id } })
      }
    },
    async return() {
      stopped = true
      wake?.()
      return end()
    },
  }
}

export const exportProgressSubscription: SubscriptionResolvers['exportProgress'] = {
  // Decided once, when the subscription starts.
  subscribe: async (_parent, { jobId }, context) => {
    const job = await requireReadableJob(context, jobId, 'jobId')
    return jobChanges(context.prisma, job)
  },
  resolve: (job: unknown) => job as ExportJobModel,
}
