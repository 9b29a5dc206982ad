import { forbidden } from '../../../access-policy/forbidden'
import { mayReadExportJob } from '../../../access-policy/exportPolicy'
import { parseId } from '../../../platform/ids'
import type { ExportsContext } from '../context'
import type { ExportJobModel } from '../data/models'

/** The job, if the caller may see it; the same FORBIDDEN whether it does not exist or is someone else's. */
export async function requireReadableJob(
  context: ExportsContext,
  id: string,
  argument = 'id',
): Promise<ExportJobModel> {
  const jobId = parseId(id, argument)
  const job = await context.loaders.jobById.load(jobId)
  if (!job || !mayReadExportJob(context.identity, job)) throw forbidden('export job', jobId)
  return job
}
