import type { RequestScope } from '../../subgraph-runtime/subgraphModule'
import type { ExportsPrisma } from './data/prismaClient'
import { createJobLoaders } from './data/jobLoaders'
import type { ExportsBackground } from './jobs/exportsBackground'

export interface ExportsContext extends RequestScope {
  prisma: ExportsPrisma
  loaders: ReturnType<typeof createJobLoaders>
  background?: ExportsBackground
}

/** A fresh context, with fresh DataLoaders, for every request: caches never cross requests. */
export function createExportsContext(
  prisma: ExportsPrisma,
  scope: RequestScope,
  background?: ExportsBackground,
): ExportsContext {
  return { ...scope, prisma, loaders: createJobLoaders(prisma), background }
}
