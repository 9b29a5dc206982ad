import DataLoader from 'dataloader'
import type { RoleAssignment, User } from '../generated/prisma/client'
import type { UsersPrisma } from './prismaClient'
import { byKey, groupByKey } from '../../../platform/loaders/batching'

/** Per-request loaders for users and their roles: one SQL statement per batch. */
export function createUserLoaders(prisma: UsersPrisma) {
  // Every role a person holds or held, in the order granted, read once per request: who may see a
  // profile depends on the studies they work or worked on (a former CRC still appears in the
  // history of their site), and their current roles are those not revoked (revoked assignments
  // stay in the table for the audit trail). Two loaders on the same rows cost a user entity fetch a
  // second statement.
  const everHeld = new DataLoader<string, RoleAssignment[]>(async (userIds) =>
    groupByKey(
      userIds,
      await prisma.roleAssignment.findMany({
        where: { userId: { in: [...userIds] } },
        orderBy: [{ grantedAt: 'asc' }, { id: 'asc' }],
      }),
      (a) => a.userId,
    ),
  )
  return {
    userById: new DataLoader<string, User | null>(async (ids) =>
      byKey(ids, await prisma.user.findMany({ where: { id: { in: [...ids] } } }), (u) => u.id),
    ),
    rolesByUser: { load: async (userId: string) => (await everHeld.load(userId)).filter((a) => a.revokedAt === null) },
    rolesEverHeld: everHeld,
  }
}
