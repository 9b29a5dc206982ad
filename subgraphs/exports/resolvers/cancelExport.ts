import type { MutationResolvers } from '../generated/graphql'
import { appError } from '../../../contracts/errors/errorRegistry'
import { auditEvent } from '../../../subgraph-runtime/audit/auditTrail'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'
import { ExportsErrorCodes } from '../errorCodes'
import { requireReadableJob } from './jobAccess'

/**
 * Stops a job that has not ended: its row locked, its status checked and changed in one
 * transaction, so a job that completes at that moment is either cancelled or completed, never both. A running
 * worker sees it at its next progress record (every second) and stops, removing its partial file.
 */
export const cancelExport: MutationResolvers['cancelExport'] = async (_parent, { jobId }, context) => {
  const { prisma, identity, requestId } = context
  const job = await requireReadableJob(context, jobId, 'jobId')
  const now = new Date()
  const cancelled = await prisma.$transaction(async (tx) => {
    const { count } = await tx.exportJob.updateMany({
      where: { id: job.id, status: { in: ['QUEUED', 'RUNNING'] } },
      data: { status: 'CANCELLED', completedAt: now, heartbeatAt: null },
    })
    if (count === 1)
      await auditEvent(
        tx,
        requestActor(identity, requestId),
        'EXPORT_CANCELLED',
        { type: 'ExportJob', id: job.id },
        now,
        {
          oldValue: { status: job.status },
          newValue: { status: 'CANCELLED' },
        },
      )
    return count === 1
  })
  const current = await prisma.exportJob.findUniqueOrThrow({ where: { id: job.id } })
  if (!cancelled)
    throw appError(
      ExportsErrorCodes.EXPORT_NOT_CANCELLABLE,
      `Export job ${job.id} has already ended (${current.status.toLowerCase()}): there is nothing to cancel.`,
      { status: current.status },
    )
  return current
}
