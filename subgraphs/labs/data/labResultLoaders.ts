import DataLoader from 'dataloader'
import type { LabResult } from '../generated/prisma/client'
import type { LabsPrisma } from './prismaClient'
import { byKey } from '../../../platform/loaders/batching'

/** Per-request loader for single lab results (root field, entity references): one statement per batch. */
export function createLabResultLoaders(prisma: LabsPrisma) {
  return {
    labResultById: new DataLoader<string, LabResult | null>(async (ids) =>
      byKey(ids, await prisma.labResult.findMany({ where: { id: { in: [...ids] } } }), (r) => r.id),
    ),
  }
}
