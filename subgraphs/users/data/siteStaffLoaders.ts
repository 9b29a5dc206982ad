import DataLoader from 'dataloader'
import type { RoleAssignment, User } from '../generated/prisma/client'
import type { UsersPrisma } from './prismaClient'
import type { SiteStaffQuery } from './models'
import { compareStaff, rankOf, type StaffMember } from './staffOrder'
import { jsonCacheKey } from '../../../platform/loaders/batching'

type AssignmentWithUser = RoleAssignment & { user: User }

/**
 * Site care teams, batched across sites and role filters: every `Site.staff` of a request is
 * answered from one read of the current, non-patient assignments at those sites (with their users).
 */
export function createSiteStaffLoaders(prisma: UsersPrisma, userById: DataLoader<string, User | null>) {
  const siteStaff = new DataLoader<SiteStaffQuery, User[], string>(
    async (queries) => {
      const siteIds = [...new Set(queries.map((q) => q.siteId))]
      const assignments: AssignmentWithUser[] = await prisma.roleAssignment.findMany({
        // Patient accounts hold the PATIENT role; they are subjects, not part of the care team.
        where: { siteId: { in: siteIds }, revokedAt: null, role: { not: 'PATIENT' }, user: { active: true } },
        include: { user: true },
      })
      for (const a of assignments) userById.prime(a.user.id, a.user)
      return queries.map((query) => staffOf(assignments, query))
    },
    { cacheKeyFn: jsonCacheKey },
  )
  // The study a site belongs to, from the roles held there (what deciding access to its staff needs).
  const studyOfSite = new DataLoader<string, string | null>(async (siteIds) => {
    const rows = await prisma.roleAssignment.findMany({
      where: { siteId: { in: [...siteIds] }, studyId: { not: null } },
      select: { siteId: true, studyId: true },
      distinct: ['siteId'],
    })
    const bySite = new Map(rows.map((r) => [r.siteId, r.studyId]))
    return siteIds.map((id) => bySite.get(id) ?? null)
  })
  return { siteStaff, studyOfSite }
}

/** One entry per person (their highest-ranked matching role), in care-team order. */
function staffOf(assignments: readonly AssignmentWithUser[], { siteId, role }: SiteStaffQuery): User[] {
  const members = new Map<string, StaffMember>()
  for (const a of assignments) {
    if (a.siteId !== siteId || (role && a.role !== role)) continue
    const seen = members.get(a.userId)
    if (!seen || rankOf(a.role) < rankOf(seen.role)) members.set(a.userId, { user: a.user, role: a.role })
  }
  return [...members.values()].sort(compareStaff).map((m) => m.user)
}
