import DataLoader from 'dataloader'
import type { Site, Study } from '../generated/prisma/client'
import type { StudiesPrisma } from './prismaClient'
import { byKey, groupByKey } from '../../../platform/loaders/batching'

/** Per-request loaders for studies and their sites: one SQL statement per batch. */
export function createStudyLoaders(prisma: StudiesPrisma) {
  const studyById = new DataLoader<string, Study | null>(async (ids) =>
    byKey(ids, await prisma.study.findMany({ where: { id: { in: [...ids] } } }), (s) => s.id),
  )
  const studyByProtocolId = new DataLoader<string, Study | null>(async (protocolIds) =>
    byKey(
      protocolIds,
      await prisma.study.findMany({ where: { protocolId: { in: [...protocolIds] } } }),
      (s) => s.protocolId,
    ),
  )
  const siteById = new DataLoader<string, Site | null>(async (ids) =>
    byKey(ids, await prisma.site.findMany({ where: { id: { in: [...ids] } } }), (s) => s.id),
  )
  const sitesByStudy = new DataLoader<string, Site[]>(async (studyIds) => {
    const sites = await prisma.site.findMany({
      where: { studyId: { in: [...studyIds] } },
      orderBy: [{ studyId: 'asc' }, { siteNumber: 'asc' }],
    })
    // A site listed under its study is the same row a later Site.__resolveReference would fetch.
    for (const site of sites) siteById.prime(site.id, site)
    return groupByKey(studyIds, sites, (s) => s.studyId)
  })
  return { studyById, studyByProtocolId, siteById, sitesByStudy }
}
