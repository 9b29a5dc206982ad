import { defineErrorCodes } from '../../contracts/errors/errorRegistry'

/** Codes of export jobs and their downloads. */
export const ExportsErrorCodes = defineErrorCodes('exports', {
  EXPORT_NOT_READY: {
    httpStatus: 409,
    description:
      'The export job has not completed (it is queued, running or failed), so there is nothing to download yet; `extensions.status` gives its status.',
  },
  EXPORT_JOB_CONFLICT: {
    httpStatus: 409,
    description:
      'An export job with this `jobId` already exists with different settings (study, format, profile, datasets, audit or recipient); choose a new id.',
  },
  EXPORT_NOT_CANCELLABLE: {
    httpStatus: 409,
    description:
      'The export job has already ended (completed, failed or cancelled), so there is nothing to stop; `extensions.status` gives its status.',
  },
  DOWNLOAD_LINK_INVALID: {
    httpStatus: 403,
    description:
      'The download link is not one this system issued, or was altered, or its job is gone. Ask for a new link (`exportDownloadLink`).',
  },
  DOWNLOAD_LINK_EXPIRED: {
    httpStatus: 410,
    description: 'The download link is older than its 10 minutes. Ask for a new link (`exportDownloadLink`).',
  },
})
