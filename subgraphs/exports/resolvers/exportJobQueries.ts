import type { QueryResolvers } from '../generated/graphql'
import { mayReadExportJob, overseesExports } from '../../../access-policy/exportPolicy'
import { parseId } from '../../../platform/ids'
import { pageSize } from '../../../platform/pagination'
import { requireReadableJob } from './jobAccess'

export const exportJobQuery: QueryResolvers['exportJob'] = (_parent, { id }, context) => requireReadableJob(context, id)

/**
 * A study's jobs, newest first: every job for its study-level data managers, the caller's own for
 * anyone else (a sponsor) — filtered by the same rule as one job, so the list shows nothing more.
 */
export const exportJobsQuery: QueryResolvers['exportJobs'] = async (_parent, args, { prisma, identity }) => {
  const studyId = parseId(args.studyId, 'studyId')
  if (!identity) return []
  const overseer = overseesExports(identity, studyId)
  const jobs = await prisma.exportJob.findMany({
    where: { studyId, ...(overseer ? {} : { requestedBy: identity.userId }) },
    orderBy: { requestedAt: 'desc' },
    take: pageSize(args.first, { fallback: 20, max: 200 }),
  })
  return jobs.filter((job) => mayReadExportJob(identity, job))
}
