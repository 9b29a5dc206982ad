import DataLoader from 'dataloader'
import type { PatientsPrisma } from './prismaClient'

/**
 * The study a site belongs to, as far as this context knows it (from its subjects): what deciding
 * access to a site's patient list needs. One statement for all the sites of a request.
 */
export function createSiteStudyLoader(prisma: PatientsPrisma) {
  return {
    studyOfSite: new DataLoader<string, string | null>(async (siteIds) => {
      const rows = await prisma.patient.findMany({
        where: { siteId: { in: [...siteIds] } },
        select: { siteId: true, studyId: true },
        distinct: ['siteId'],
      })
      const bySite = new Map(rows.map((r) => [r.siteId, r.studyId]))
      return siteIds.map((id) => bySite.get(id) ?? null)
    }),
  }
}
