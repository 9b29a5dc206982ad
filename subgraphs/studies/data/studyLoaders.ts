import DataLoader from 'dataloader'
import type { EligibilityCriterion, Site, Study, StudyArm, VisitDefinition } from '../generated/prisma/client'
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
  // A study's protocol design, each part in protocol order: one statement per part per batch.
  const armsByStudy = new DataLoader<string, StudyArm[]>(async (studyIds) =>
    groupByKey(
      studyIds,
      await prisma.studyArm.findMany({ where: { studyId: { in: [...studyIds] } }, orderBy: { ordinal: 'asc' } }),
      (a) => a.studyId,
    ),
  )
  const visitScheduleByStudy = new DataLoader<string, VisitDefinition[]>(async (studyIds) =>
    groupByKey(
      studyIds,
      await prisma.visitDefinition.findMany({ where: { studyId: { in: [...studyIds] } }, orderBy: { ordinal: 'asc' } }),
      (v) => v.studyId,
    ),
  )
  const criteriaByStudy = new DataLoader<string, EligibilityCriterion[]>(async (studyIds) =>
    groupByKey(
      studyIds,
      await prisma.eligibilityCriterion.findMany({
        where: { studyId: { in: [...studyIds] } },
        orderBy: { ordinal: 'asc' },
      }),
      (c) => c.studyId,
    ),
  )
  return {
    studyById,
    studyByProtocolId,
    siteById,
    sitesByStudy,
    armsByStudy,
    visitScheduleByStudy,
    criteriaByStudy,
  }
}
