import type { AdverseEventAlert, AlertStatus } from '../generated/prisma/client'
import type { EproPrisma } from '../data/prismaClient'

/** Alerts of some sites after a feed position, oldest first (the backlog a resuming CRC missed). */
export function storedAlertsAfter(
  prisma: EproPrisma,
  siteIds: string[],
  afterSequence: bigint,
  limit: number,
  status?: AlertStatus | null,
): Promise<AdverseEventAlert[]> {
  return prisma.adverseEventAlert.findMany({
    where: { siteId: { in: siteIds }, sequence: { gt: afterSequence }, ...(status ? { status } : {}) },
    orderBy: { sequence: 'asc' },
    take: limit,
  })
}
