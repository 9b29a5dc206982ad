import type { ExportDataset, ExportFormat, ExportJobResolvers, ExportProfile } from '../generated/graphql'
import { mayReadExportJob } from '../../../access-policy/exportPolicy'
import { bareReference } from '../../../platform/ids'

// Stored in the exporters' own words (odm, sponsor, labs); the API's enums are their upper case.
const upper = <T extends string>(value: string) => value.toUpperCase() as T

export const exportJobResolvers: ExportJobResolvers = {
  // A reference from another context: answered only to someone who may see the job.
  __resolveReference: async (ref, context) => {
    const id = bareReference(ref)?.id
    const job = id ? await context.loaders.jobById.load(id) : null
    return job && mayReadExportJob(context.identity, job) ? job : null
  },
  study: (job) => ({ id: job.studyId }),
  requestedBy: (job) => ({ id: job.requestedBy }),
  format: (job) => upper<ExportFormat>(job.format),
  profile: (job) => upper<ExportProfile>(job.profile),
  datasets: (job) => job.datasets.map((d) => upper<ExportDataset>(d)),
  bytes: (job) => Number(job.bytes),
}
