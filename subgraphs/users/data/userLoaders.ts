import DataLoader from 'dataloader'
import type { RoleAssignment, User } from '../generated/prisma/client'
import type { UsersPrisma } from './prismaClient'
import { byKey, groupByKey } from '../../../platform/loaders/batching'

/** Per-request loaders for users and their current roles: one SQL statement per batch. */
export function createUserLoaders(prisma: UsersPrisma) {
  return {
    userById: new DataLoader<string, User | null>(async (ids) =>
      byKey(ids, await prisma.user.findMany({ where: { id: { in: [...ids] } } }), (u) => u.id),
    ),
    // Revoked assignments stay in the table for the audit trail; only current ones are roles.
    rolesByUser: new DataLoader<string, RoleAssignment[]>(async (userIds) =>
      groupByKey(
        userIds,
        await prisma.roleAssignment.findMany({
          where: { userId: { in: [...userIds] }, revokedAt: null },
          orderBy: [{ grantedAt: 'asc' }, { id: 'asc' }],
        }),
        (a) => a.userId,
      ),
    ),
    // Every role ever held, revoked ones included: who may see a profile depends on the studies a
    // person works or worked on (a former CRC still appears in the history of their site).
    rolesEverHeld: new DataLoader<string, Pick<RoleAssignment, 'role' | 'studyId'>[]>(async (userIds) =>
      groupByKey(
        userIds,
        await prisma.roleAssignment.findMany({
          where: { userId: { in: [...userIds] } },
          select: { userId: true, role: true, studyId: true },
        }),
        (a) => a.userId,
      ),
    ),
  }
}
