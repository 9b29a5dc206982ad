import type { RequestScope } from '../../server-kit/bootSubgraph'
import type { UsersPrisma } from './data/prismaClient'
import { createUserLoaders } from './data/userLoaders'
import { createSiteStaffLoaders } from './data/siteStaffLoaders'

export interface UsersContext extends RequestScope {
  prisma: UsersPrisma
  loaders: ReturnType<typeof createUserLoaders> & ReturnType<typeof createSiteStaffLoaders>
}

/** A fresh context, with fresh DataLoaders, for every request: caches never cross requests. */
export function createUsersContext(prisma: UsersPrisma, scope: RequestScope): UsersContext {
  const userLoaders = createUserLoaders(prisma)
  return { ...scope, prisma, loaders: { ...userLoaders, ...createSiteStaffLoaders(prisma, userLoaders.userById) } }
}
