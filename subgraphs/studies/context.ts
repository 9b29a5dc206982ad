import type { RequestScope } from '../../subgraph-runtime/subgraphModule'
import type { StudiesPrisma } from './data/prismaClient'
import { createStudyLoaders } from './data/studyLoaders'

export interface StudiesContext extends RequestScope {
  prisma: StudiesPrisma
  loaders: ReturnType<typeof createStudyLoaders>
}

/** A fresh context, with fresh DataLoaders, for every request: caches never cross requests. */
export function createStudiesContext(prisma: StudiesPrisma, scope: RequestScope): StudiesContext {
  return { ...scope, prisma, loaders: createStudyLoaders(prisma) }
}
