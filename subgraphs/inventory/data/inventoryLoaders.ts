import DataLoader from 'dataloader'
import type { Subject } from '../generated/prisma/client'
import type { RowCache } from '../../../subgraph-runtime/database/rowCache'
import type { InventoryPrisma } from './prismaClient'
import { byKey, groupByKey } from '../../../platform/loaders/batching'
import { siteTotals } from './stockCounts'
import { readThrough } from '../../../subgraph-runtime/database/cachedRows'

/** Per-request loaders: one statement per entity type in a batch, never a query in a loop. */
export function createInventoryLoaders(prisma: InventoryPrisma, subjectRows?: RowCache<Subject>) {
  const readSubjects = (ids: readonly string[]) => prisma.subject.findMany({ where: { patientId: { in: [...ids] } } })
  const loadSubjects = readThrough(subjectRows, readSubjects)
  return {
    subjectById: new DataLoader(async (ids: readonly string[]) =>
      byKey(ids, await loadSubjects(ids), (s) => s.patientId),
    ),
    kitsByPatient: new DataLoader(async (ids: readonly string[]) =>
      groupByKey(
        ids,
        await prisma.kit.findMany({ where: { patientId: { in: [...ids] } }, orderBy: { allocatedAt: 'asc' } }),
        (k) => k.patientId!,
      ),
    ),
    entryByPatient: new DataLoader(async (ids: readonly string[]) =>
      byKey(
        ids,
        await prisma.randomizationEntry.findMany({
          where: { patientId: { in: [...ids] } },
          select: { patientId: true, randomizationNumber: true, randomizedAt: true, armId: true },
        }),
        (e) => e.patientId!,
      ),
    ),
    /** Who emergency-unblinded each subject: the investigators who may read that subject's arm. */
    unblindersByPatient: new DataLoader(async (ids: readonly string[]) =>
      groupByKey(
        ids,
        await prisma.unblinding.findMany({
          where: { patientId: { in: [...ids] } },
          select: { patientId: true, unblindedBy: true },
        }),
        (u) => u.patientId,
      ).map((rows) => rows.map((u) => u.unblindedBy)),
    ),
    armById: new DataLoader(async (ids: readonly string[]) =>
      byKey(ids, await prisma.arm.findMany({ where: { id: { in: [...ids] } } }), (a) => a.id),
    ),
    shipmentKits: new DataLoader(async (ids: readonly string[]) => {
      const rows = await prisma.$queryRaw<{ shipmentId: string; kitNumber: string; condition: string | null }[]>`
        SELECT sk.shipment_id AS "shipmentId", k.kit_number AS "kitNumber", sk.receipt_condition AS "condition"
          FROM shipment_kit sk JOIN kit k ON k.id = sk.kit_id
         WHERE sk.shipment_id = ANY(${[...ids]}::uuid[]) ORDER BY k.kit_number`
      return groupByKey(ids, rows, (r) => r.shipmentId)
    }),
    siteTotals: new DataLoader(async (ids: readonly string[]) =>
      byKey(ids, await siteTotals(prisma, ids), (r) => r.siteId),
    ),
  }
}
