import type { MutationResolvers } from '../generated/graphql'
import { appError } from '../../../contracts/errors/errorRegistry'
import { EXPORT_DOWNLOAD_GATEWAY_PATH } from '../../../contracts/exportDownload'
import { forbidden } from '../../../access-policy/forbidden'
import { exportForbidden, mayStartExport, type ExportProfile } from '../../../access-policy/exportPolicy'
import { auditEvent } from '../../../subgraph-runtime/audit/auditTrail'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'
import { ExportsErrorCodes } from '../errorCodes'
import { DOWNLOAD_LINK_TTL_SECONDS, signDownloadLink } from '../downloads/downloadLinks'
import { requireReadableJob } from './jobAccess'

/**
 * A short-lived link to a completed export, for its requester only (a data manager overseeing the
 * study sees the job, but the file goes to whom it was made for). Each link handed out is audited.
 */
export const exportDownloadLink: MutationResolvers['exportDownloadLink'] = async (_parent, { jobId }, context) => {
  const { identity, prisma, requestId, background } = context
  const job = await requireReadableJob(context, jobId, 'jobId')
  if (!identity || job.requestedBy !== identity.userId) throw forbidden('export job', job.id)
  // The file is handed out only while the requester may still export it: a role revoked since (or
  // a data manager now only a sponsor, for an identified file) takes the file away too.
  const decision = mayStartExport(identity, job.studyId, job.profile as ExportProfile)
  if (!decision.allowed) throw exportForbidden(decision.refusal)
  if (job.status !== 'COMPLETED')
    throw appError(
      ExportsErrorCodes.EXPORT_NOT_READY,
      `Export job ${job.id} is ${job.status.toLowerCase()}: only a completed export can be downloaded.`,
      { status: job.status },
    )
  if (!background) throw new Error('The exports background work is not running in this process.')
  const now = new Date()
  const expiresAt = Math.floor(now.getTime() / 1000) + DOWNLOAD_LINK_TTL_SECONDS
  const token = signDownloadLink(background.settings.linkKey, { jobId: job.id, userId: identity.userId, expiresAt })
  await auditEvent(
    prisma,
    requestActor(identity, requestId),
    'EXPORT_LINK_ISSUED',
    { type: 'ExportJob', id: job.id },
    now,
    {
      newValue: { expiresAt: new Date(expiresAt * 1000).toISOString() },
    },
  )
  return { path: `${EXPORT_DOWNLOAD_GATEWAY_PATH}/${token}`, expiresAt: new Date(expiresAt * 1000) }
}
