import type { EproPrisma } from '../data/prismaClient'
import type { Identity } from '../../../contracts/identity'
import { mayWatchSite, type SiteScope } from '../../../access-policy/accessPolicy'
import { forbidden } from '../../../access-policy/forbidden'

/**
 * The sites whose alerts the caller asked for, each checked against the policy with the study
 * this context knows the site by (its subject registry). One site the caller may not watch — or
 * that no subject here belongs to — refuses the whole request, naming it: alerts of other sites
 * are never merged in silently, nor silently dropped.
 */
export async function requireWatchableSites(
  prisma: EproPrisma,
  identity: Identity | null,
  siteIds: string[],
): Promise<SiteScope[]> {
  const rows = await prisma.subject.findMany({
    where: { siteId: { in: siteIds } },
    select: { siteId: true, studyId: true },
    distinct: ['siteId'],
  })
  const studyOf = new Map(rows.map((r) => [r.siteId, r.studyId]))
  return siteIds.map((siteId) => {
    const studyId = studyOf.get(siteId)
    if (!studyId || !mayWatchSite(identity, { studyId, siteId })) throw forbidden("site's alerts", siteId)
    return { studyId, siteId }
  })
}
