import DataLoader from 'dataloader'
import type { AuditEvent } from '../generated/prisma/client'
import type { UsersPrisma } from './prismaClient'
import { groupByKey } from '../../../platform/loaders/batching'
import type { AuditScope } from '../../../access-policy/auditAccess'

/**
 * Per-request loaders for reading accounts' audit trails, two statements per batch however many
 * users it names: a user's trail is the events on the User itself and on each of its sign-in
 * sessions (refreshed, signed out, revoked), oldest first.
 */
export function createAuditLoaders(prisma: UsersPrisma) {
  return {
    auditTrailOfUser: new DataLoader<string, AuditEvent[]>(async (userIds) => {
      const sessions = await prisma.userSession.findMany({
        where: { userId: { in: [...userIds] } },
        select: { id: true, userId: true },
      })
      const ownerOfSession = new Map(sessions.map((s) => [s.id, s.userId]))
      const events = await prisma.auditEvent.findMany({
        where: {
          OR: [
            { entityType: 'User', entityId: { in: [...userIds] } },
            { entityType: 'UserSession', entityId: { in: [...ownerOfSession.keys()] } },
          ],
        },
        orderBy: { sequence: 'asc' },
      })
      return groupByKey(userIds, events, (e) => (e.entityType === 'User' ? e.entityId : ownerOfSession.get(e.entityId)))
    }),
    // Revoked roles count too: a former member's trail stays reviewable by the study.
    auditScopesOfUser: new DataLoader<string, AuditScope[]>(async (userIds) => {
      const assignments = await prisma.roleAssignment.findMany({
        where: { userId: { in: [...userIds] }, studyId: { not: null } },
        select: { userId: true, studyId: true, siteId: true },
      })
      return groupByKey(userIds, assignments, (a) => a.userId).map((list) =>
        list.map((a) => ({ studyId: a.studyId!, siteId: a.siteId })),
      )
    }),
  }
}
