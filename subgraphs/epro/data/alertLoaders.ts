import DataLoader from 'dataloader'
import type { AdverseEventAlert } from '../generated/prisma/client'
import type { EproPrisma } from './prismaClient'
import { byKey } from '../../../platform/loaders/batching'

/** Alerts by id for entity references from other subgraphs: one statement per batch. */
export function createAlertLoaders(prisma: EproPrisma) {
  return {
    alertById: new DataLoader<string, AdverseEventAlert | null>(async (ids) =>
      byKey(ids, await prisma.adverseEventAlert.findMany({ where: { id: { in: [...ids] } } }), (a) => a.id),
    ),
  }
}
