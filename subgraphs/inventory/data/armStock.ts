import type { InventoryPrisma } from './prismaClient'
import type { ArmStockModel } from './models'
import { armCounts } from './stockCounts'

/** One site's stock per arm of its study (every arm, zero when none), with each arm's threshold. */
export async function armStockOfSite(prisma: InventoryPrisma, siteId: string): Promise<ArmStockModel[]> {
  const site = await prisma.inventorySite.findUnique({ where: { siteId } })
  if (!site) return []
  const [arms, counts, thresholds, study] = await Promise.all([
    prisma.arm.findMany({ where: { studyId: site.studyId }, orderBy: { code: 'asc' } }),
    armCounts(prisma, [siteId]),
    prisma.stockThreshold.findMany({ where: { siteId } }),
    prisma.inventoryStudy.findUnique({ where: { studyId: site.studyId } }),
  ])
  return arms.map((arm) => {
    const row = counts.find((c) => c.armId === arm.id)
    return {
      arm,
      available: row?.available ?? 0,
      allocated: row?.allocated ?? 0,
      quarantined: row?.quarantined ?? 0,
      threshold: thresholds.find((t) => t.armId === arm.id)?.threshold ?? study?.lowStockThreshold ?? 0,
    }
  })
}
