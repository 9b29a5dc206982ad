import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { RequestHandler } from 'express'
import { errorDocument, type ErrorCodeDefinition } from '../../../contracts/errors/errorRegistry'
import { auditEvent } from '../../../subgraph-runtime/audit/auditTrail'
import type { Logger } from '../../../platform/logging/logger'
import { EXPORTERS } from '../formats/exporters'
import type { ExportsPrisma } from '../data/prismaClient'
import { ExportsErrorCodes } from '../errorCodes'
import { checkDownloadLink } from './downloadLinks'

/**
 * GET /downloads/:token, for the gateway only (contracts/exportDownload.ts): checks the link, audits
 * the download as its holder's (before the first byte: a download that was served is in the trail),
 * and streams the file with its size and SHA-256.
 */
export function downloadRoute(
  prisma: ExportsPrisma,
  linkKey: Buffer,
  storageDir: string,
  logger: Logger,
): RequestHandler {
  const refuse = (res: Parameters<RequestHandler>[1], code: ErrorCodeDefinition, message: string) =>
    res.status(code.httpStatus).json(errorDocument(code, message))
  return (req, res, next) => {
    const token = String(req.params.token ?? '')
    const check = checkDownloadLink(linkKey, token, Math.floor(Date.now() / 1000))
    if (!check.ok) {
      if (check.reason === 'expired')
        refuse(res, ExportsErrorCodes.DOWNLOAD_LINK_EXPIRED, 'This download link has expired; ask for a new one.')
      else refuse(res, ExportsErrorCodes.DOWNLOAD_LINK_INVALID, 'This download link is not valid.')
      return
    }
    const { jobId, userId } = check.grant
    ;(async () => {
      const job = await prisma.exportJob.findUnique({ where: { id: jobId } })
      const file = job?.storedFile ? path.join(storageDir, job.storedFile) : null
      // Opened before the download is audited: a download in the trail is one that was served.
      const handle =
        job && job.status === 'COMPLETED' && job.requestedBy === userId && file
          ? await fs.promises.open(file, 'r').catch(() => null)
          : null
      if (!job || !handle) {
        refuse(res, ExportsErrorCodes.DOWNLOAD_LINK_INVALID, 'This download link is not valid.')
        return
      }
      const requestId = req.get('x-request-id') ?? `download:${jobId}`
      try {
        await auditEvent(
          prisma,
          // The link was handed to `userId`; whoever holds it acts as them (no session on a download).
          { userId, role: 'DOWNLOAD_LINK', requestId },
          'EXPORT_DOWNLOADED',
          { type: 'ExportJob', id: jobId },
          new Date(),
          { newValue: { bytes: Number(job.bytes), sha256: job.sha256 } },
        )
      } catch (error) {
        await handle.close()
        throw error
      }
      res.set({
        'content-type': EXPORTERS[job.format]?.mediaType ?? 'application/octet-stream',
        'content-length': String(job.bytes),
        'content-disposition': `attachment; filename="${job.fileName ?? `${job.id}`}"`,
        'cache-control': 'no-store',
        'x-content-sha256': job.sha256 ?? '',
      })
      await pipeline(handle.createReadStream(), res).catch((error: unknown) =>
        logger.warn({ err: error, jobId }, 'export download ended early (the client went away?)'),
      )
    })().catch(next)
  }
}
