import DataLoader from 'dataloader'
import type { Patient } from '../generated/prisma/client'
import type { EnrollmentStatus } from '../generated/prisma/enums'
import type { PatientsPrisma } from './prismaClient'
import type { PatientPage, SitePatientsQuery } from './models'
import { groupByKey, jsonCacheKey } from '../../../platform/loaders/batching'

/**
 * Pages of a site's subjects (keyset on subject number) and per-site counts, batched across sites:
 * a list of sites each asking for its first page costs the same two statements as one site.
 */
export function createSitePatientLoaders(prisma: PatientsPrisma, patientById: DataLoader<string, Patient | null>) {
  const pages = new DataLoader<SitePatientsQuery, PatientPage, string>(
    async (queries) => {
      const results = new Map<SitePatientsQuery, PatientPage>()
      // Queries that share status and page size share one LATERAL statement.
      for (const group of groupBy(queries, (q) => `${q.status}|${q.first}`)) {
        const { status, first } = group[0]!
        const refs = await prisma.$queryRaw<{ ord: bigint; id: string }[]>`
          SELECT k.ord, p.id
          FROM unnest(${group.map((q) => q.siteId)}::uuid[], ${group.map((q) => q.after ?? '')}::text[]) WITH ORDINALITY AS k(site_id, after, ord)
          CROSS JOIN LATERAL (
            SELECT id, subject_number FROM patient
            WHERE site_id = k.site_id AND subject_number > k.after
              AND (${status}::text IS NULL OR enrollment_status::text = ${status}::text)
            ORDER BY subject_number
            LIMIT ${first + 1}
          ) p
          ORDER BY k.ord, p.subject_number`
        const rows = refs.length ? await prisma.patient.findMany({ where: { id: { in: refs.map((r) => r.id) } } }) : []
        const rowById = new Map(rows.map((row) => [row.id, row]))
        for (const row of rows) patientById.prime(row.id, row)
        const perQuery = groupByKey(
          group.map((_, i) => i + 1),
          refs,
          (r) => Number(r.ord),
        )
        group.forEach((query, i) => {
          const pageRows = perQuery[i]!.map((r) => rowById.get(r.id)).filter((p): p is Patient => p !== undefined)
          results.set(query, { query, rows: pageRows.slice(0, first), hasNextPage: pageRows.length > first })
        })
      }
      return queries.map((q) => results.get(q)!)
    },
    { cacheKeyFn: jsonCacheKey },
  )

  const counts = new DataLoader<{ siteId: string; status: EnrollmentStatus | null }, number, string>(
    async (keys) => {
      const totals = new Map<string, number>()
      for (const group of groupBy(keys, (k) => String(k.status))) {
        const status = group[0]!.status
        const rows = await prisma.patient.groupBy({
          by: ['siteId'],
          where: { siteId: { in: group.map((k) => k.siteId) }, ...(status ? { enrollmentStatus: status } : {}) },
          _count: { _all: true },
        })
        for (const row of rows) totals.set(`${row.siteId}|${status}`, row._count._all)
      }
      return keys.map((k) => totals.get(`${k.siteId}|${k.status}`) ?? 0)
    },
    { cacheKeyFn: jsonCacheKey },
  )

  return { sitePatientsPage: pages, sitePatientCount: counts }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    groups.set(key, [...(groups.get(key) ?? []), item])
  }
  return [...groups.values()]
}
