import DataLoader from 'dataloader'
import type { EligibilityCriterion, Site, Study, StudyArm, VisitDefinition } from '../generated/prisma/client'
import type { StudiesPrisma } from './prismaClient'
import { byKey, groupByKey } from '../../../platform/loaders/batching'

// Studies and sites are read by every full view and dashboard: past Prisma's query API
// (directReads.ts), each row named as Prisma's model names it, enums as text.
// studyLoaders.pg.test.ts checks them against Prisma's own findMany.
const STUDY = `SELECT id, protocol_id AS "protocolId", title, short_title AS "shortTitle", phase::text AS phase,
  status::text AS status, sponsor_name AS "sponsorName", therapeutic_area AS "therapeuticArea",
  planned_enrollment AS "plannedEnrollment", start_date AS "startDate", slots_taken AS "slotsTaken",
  enrolled_count AS "enrolledCount", low_stock_threshold AS "lowStockThreshold",
  do_not_dispense_days AS "doNotDispenseDays", block_multipliers AS "blockMultipliers",
  created_at AS "createdAt", updated_at AS "updatedAt"
  FROM study`
const SITE = `SELECT id, study_id AS "studyId", site_number AS "siteNumber", name, city, country,
  time_zone AS "timeZone", enrollment_target AS "enrollmentTarget", enrollment_cap AS "enrollmentCap",
  slots_taken AS "slotsTaken", enrolled_count AS "enrolledCount", status::text AS status,
  activated_at AS "activatedAt", created_at AS "createdAt", updated_at AS "updatedAt"
  FROM site`

/** Per-request loaders for studies and their sites: one SQL statement per batch. */
export function createStudyLoaders(prisma: StudiesPrisma) {
  const studyById = new DataLoader<string, Study | null>(async (ids) =>
    byKey(ids, await prisma.direct.rows<Study>(`${STUDY} WHERE id = ANY($1::uuid[])`, [ids]), (s) => s.id),
  )
  const studyByProtocolId = new DataLoader<string, Study | null>(async (protocolIds) =>
    byKey(
      protocolIds,
      await prisma.direct.rows<Study>(`${STUDY} WHERE protocol_id = ANY($1::text[])`, [protocolIds]),
      (s) => s.protocolId,
    ),
  )
  const siteById = new DataLoader<string, Site | null>(async (ids) =>
    byKey(ids, await prisma.direct.rows<Site>(`${SITE} WHERE id = ANY($1::uuid[])`, [ids]), (s) => s.id),
  )
  const sitesByStudy = new DataLoader<string, Site[]>(async (studyIds) => {
    const sites = await prisma.direct.rows<Site>(
      `${SITE} WHERE study_id = ANY($1::uuid[]) ORDER BY study_id, site_number`,
      [studyIds],
    )
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
