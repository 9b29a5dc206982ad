import type { RequestScope } from '../../subgraph-runtime/subgraphModule'
import type { UsersPrisma } from './data/prismaClient'
import type { UsersRuntime } from './auth/usersRuntime'
import { createUserLoaders } from './data/userLoaders'
import { createSiteStaffLoaders } from './data/siteStaffLoaders'
import { createAuditLoaders } from './data/auditLoaders'
import type { GrantsChangeNotes } from './staff/grantsChangedExtension'

export interface UsersContext extends RequestScope, GrantsChangeNotes {
  prisma: UsersPrisma
  runtime: UsersRuntime
  loaders: ReturnType<typeof createUserLoaders> &
    ReturnType<typeof createSiteStaffLoaders> &
    ReturnType<typeof createAuditLoaders>
}

/** A fresh context, with fresh DataLoaders, for every request: caches never cross requests. */
export function createUsersContext(prisma: UsersPrisma, scope: RequestScope, runtime?: UsersRuntime): UsersContext {
  if (!runtime) throw new Error('the users runtime (signing key, sessions) has not started')
  const userLoaders = createUserLoaders(prisma)
  return {
    ...scope,
    prisma,
    runtime,
    grantsChanged: [],
    loaders: { ...userLoaders, ...createSiteStaffLoaders(prisma, userLoaders.userById), ...createAuditLoaders(prisma) },
  }
}
