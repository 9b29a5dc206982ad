import DataLoader from 'dataloader'
import type { AuditEvent, DataLock, DataQuery, QueryMessage, Signature } from '../generated/prisma/client'
import type { EdcPrisma } from './prismaClient'
import { byKey, groupByKey } from '../../../platform/loaders/batching'
import { auditTrailLoader } from '../../../subgraph-runtime/audit/auditEventFields'

/** Per-request loaders for data queries, their threads, freeze/lock states and signatures. */
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
      const rows = await prisma.dataQuery.groupBy({
        by: ['formDataId'],
        where: { formDataId: { in: [...ids] }, status: { not: 'CLOSED' } },
        _count: { _all: true },
      })
      const counts = new Map(rows.map((r) => [r.formDataId, r._count._all]))
      return ids.map((id) => counts.get(id) ?? 0)
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
        await prisma.signature.findMany({ where: { patientId: { in: [...ids] } }, orderBy: { signedAt: 'desc' } }),
        (s) => s.patientId,
      ),
    ),
    /** Freeze/lock rows by target id (form, visit, patient or study), every level in one statement. */
    locksByTarget: new DataLoader<string, DataLock[]>(async (ids) =>
      groupByKey(ids, await prisma.dataLock.findMany({ where: { targetId: { in: [...ids] } } }), (l) => l.targetId),
    ),
  }
}
