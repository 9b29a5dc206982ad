import DataLoader from 'dataloader'
import {
  Prisma,
  type AuditEvent,
  type DataLock,
  type DataQuery,
  type QueryMessage,
  type QueryStatus,
  type Signature,
} from '../generated/prisma/client'
import type { EdcPrisma } from './prismaClient'
import { byKey, groupByKey } from '../../../platform/loaders/batching'
import { auditTrailLoader } from '../../../subgraph-runtime/audit/auditEventFields'
import { DATA_LOCK, SIGNATURE } from './rowSelects'

export type QueryCounts = Record<'open' | 'answered' | 'closed', number>

/** A count of none in each status (a fresh object: loaders add to it). */
export const noQueries = (): QueryCounts => ({ open: 0, answered: 0, closed: 0 })

const STATUS_FIELD = { OPEN: 'open', ANSWERED: 'answered', CLOSED: 'closed' } as const

/**
 * Per-request loaders for data queries, their threads, freeze/lock states and signatures. The open
 * query counts, signatures and locks every full view and dashboard reads go past Prisma's query API
 * (directReads.ts).
 */
export function createQueryLoaders(prisma: EdcPrisma) {
  return {
    queryById: new DataLoader<string, DataQuery | null>(async (ids) =>
      byKey(ids, await prisma.dataQuery.findMany({ where: { id: { in: [...ids] } } }), (q) => q.id),
    ),
    queriesByForm: new DataLoader<string, DataQuery[]>(async (ids) =>
      groupByKey(
        ids,
        await prisma.dataQuery.findMany({ where: { formDataId: { in: [...ids] } }, orderBy: { openedAt: 'asc' } }),
        (q) => q.formDataId,
      ),
    ),
    /** Queries not closed, per form: what the status and counts show. */
    openQueryCountByForm: new DataLoader<string, number>(async (ids) => {
      const rows = await prisma.direct.rows<{ formDataId: string; count: number }>(
        `SELECT form_data_id AS "formDataId", count(*)::int AS count FROM data_query
         WHERE form_data_id = ANY($1::uuid[]) AND status <> 'CLOSED' GROUP BY form_data_id`,
        [ids],
      )
      const counts = new Map(rows.map((r) => [r.formDataId, r.count]))
      return ids.map((id) => counts.get(id) ?? 0)
    }),
    /**
     * Each site's study (as far as this context knows it, from its subjects; null: none here) and its
     * queries by status: one statement for every site asked, whose study the access check needs.
     */
    queryCountsBySite: new DataLoader<string, { studyId: string; counts: QueryCounts } | null>(async (ids) => {
      const rows = await prisma.$queryRaw<
        { site_id: string; study_id: string; status: QueryStatus | null; n: number }[]
      >`
        SELECT s.site_id, s.study_id, q.status, count(q.id)::int AS n
          FROM (SELECT DISTINCT site_id, study_id FROM subject
                 WHERE site_id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})) s
          LEFT JOIN data_query q ON q.site_id = s.site_id
         GROUP BY s.site_id, s.study_id, q.status`
      const bySite = new Map<string, { studyId: string; counts: QueryCounts }>()
      for (const row of rows) {
        const site = bySite.get(row.site_id) ?? { studyId: row.study_id, counts: noQueries() }
        if (row.status) site.counts[STATUS_FIELD[row.status]] += row.n
        bySite.set(row.site_id, site)
      }
      return ids.map((id) => bySite.get(id) ?? null)
    }),
    /** Queries by status per study: one grouped statement for every study asked. */
    queryCountsByStudy: new DataLoader<string, QueryCounts>(async (ids) => {
      const rows = await prisma.dataQuery.groupBy({
        by: ['studyId', 'status'],
        where: { studyId: { in: [...ids] } },
        _count: { _all: true },
      })
      const counts = new Map(ids.map((id) => [id, noQueries()]))
      for (const row of rows) counts.get(row.studyId)![STATUS_FIELD[row.status]] += row._count._all
      return ids.map((id) => counts.get(id)!)
    }),
    messagesByQuery: new DataLoader<string, QueryMessage[]>(async (ids) =>
      groupByKey(
        ids,
        await prisma.queryMessage.findMany({ where: { queryId: { in: [...ids] } }, orderBy: { createdAt: 'asc' } }),
        (m) => m.queryId,
      ),
    ),
    auditTrail: auditTrailLoader<AuditEvent>((entityType, entityIds) =>
      prisma.auditEvent.findMany({ where: { entityType, entityId: { in: entityIds } }, orderBy: { sequence: 'asc' } }),
    ),
    /** A patient's signatures (casebook and visits), newest first. */
    signaturesByPatient: new DataLoader<string, Signature[]>(async (ids) =>
      groupByKey(
        ids,
        await prisma.direct.rows<Signature>(`${SIGNATURE} WHERE patient_id = ANY($1::uuid[]) ORDER BY signed_at DESC`, [
          ids,
        ]),
        (s) => s.patientId,
      ),
    ),
    /** Freeze/lock rows by target id (form, visit, patient or study), every level in one statement. */
    locksByTarget: new DataLoader<string, DataLock[]>(async (ids) =>
      groupByKey(
        ids,
        await prisma.direct.rows<DataLock>(`${DATA_LOCK} WHERE target_id = ANY($1::uuid[])`, [ids]),
        (l) => l.targetId,
      ),
    ),
  }
}
