import type { SubscriptionResolvers } from '../generated/graphql'
import type { ExportsPrisma } from '../data/prismaClient'
import type { ExportJobModel } from '../data/models'
import { requireReadableJob } from './jobAccess'

const POLL_MS = 500
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const changeKey = (job: ExportJobModel) => `${job.status}:${job.attempts}:${job.subjectsDone}:${job.subjectsTotal}`
const finished = (job: ExportJobModel) => job.status !== 'QUEUED' && job.status !== 'RUNNING'

/**
 * The job as stored, whenever it changed, until it ends. Read from the database, not from the
 * worker's memory: the worker may be another process (or a new one after a crash), and the
 * subscription follows the job whoever runs it.
 */
async function* jobChanges(prisma: ExportsPrisma, first: ExportJobModel): AsyncGenerator<ExportJobModel> {
  let job: ExportJobModel | null = first
  let seen = changeKey(first)
  yield first
  while (job && !finished(job)) {
    await sleep(POLL_MS)
    job = await prisma.exportJob.findUnique({ where: { id: first.id } })
    if (job && changeKey(job) !== seen) {
      seen = changeKey(job)
      yield job
    }
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
