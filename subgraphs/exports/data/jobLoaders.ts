import DataLoader from 'dataloader'
import { byKey } from '../../../platform/loaders/batching'
import type { ExportsPrisma } from './prismaClient'
import type { ExportJobModel } from './models'

/** Export jobs by id: one statement per request however many are asked for. */
export function createJobLoaders(prisma: ExportsPrisma) {
  return {
    jobById: new DataLoader<string, ExportJobModel | null>(async (ids) =>
      byKey(ids, await prisma.exportJob.findMany({ where: { id: { in: [...ids] } } }), (job) => job.id),
    ),
  }
}
