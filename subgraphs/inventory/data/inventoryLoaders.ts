import DataLoader from 'dataloader'
import type { Kit, RandomizationEntry, Subject } from '../generated/prisma/client'
import type { RowCache } from '../../../subgraph-runtime/database/rowCache'
import type { InventoryPrisma } from './prismaClient'
import { byKey, groupByKey } from '../../../platform/loaders/batching'
import { siteTotals } from './stockCounts'
import { readThrough } from '../../../subgraph-runtime/database/cachedRows'

// A subject, its kits and its randomisation entry are read by every full view: past Prisma's query
// API (directReads.ts), each row named as Prisma's model names it, enums as text.
// inventoryLoaders.pg.test.ts checks them against Prisma's own findMany.
const SUBJECT = `SELECT patient_id AS "patientId", study_id AS "studyId", site_id AS "siteId",
  subject_number AS "subjectNumber" FROM subject`
const KIT = `SELECT id, study_id AS "studyId", kit_number AS "kitNumber", packaging_lot AS "packagingLot",
  expires_on AS "expiresOn", dispense_order AS "dispenseOrder", status::text AS status, depot_id AS "depotId",
  site_id AS "siteId", shipment_id AS "shipmentId", patient_id AS "patientId",
  allocation_saga_id AS "allocationSagaId", allocated_at AS "allocatedAt", dispensed_at AS "dispensedAt",
  dispensed_visit_id AS "dispensedVisitId", returned_at AS "returnedAt"
  FROM kit`

/** What a subject's allocation shows: its randomisation entry's number, time and arm. */
type AllocationRow = Pick<RandomizationEntry, 'patientId' | 'randomizationNumber' | 'randomizedAt' | 'armId'>

/** Per-request loaders: one statement per entity type in a batch, never a query in a loop. */
export function createInventoryLoaders(prisma: InventoryPrisma, subjectRows?: RowCache<Subject>) {
  const readSubjects = (ids: readonly string[]) =>
    prisma.direct.rows<Subject>(`${SUBJECT} WHERE patient_id = ANY($1::uuid[])`, [ids])
  const loadSubjects = readThrough(subjectRows, readSubjects)
  return {
    subjectById: new DataLoader(async (ids: readonly string[]) =>
      byKey(ids, await loadSubjects(ids), (s) => s.patientId),
    ),
    // In allocation order; kits allocated in the same millisecond by kit number (a stable order).
    kitsByPatient: new DataLoader(async (ids: readonly string[]) =>
      groupByKey(
        ids,
        await prisma.direct.rows<Kit>(
          `${KIT} WHERE patient_id = ANY($1::uuid[]) ORDER BY patient_id, allocated_at, kit_number`,
          [ids],
        ),
        (k) => k.patientId!,
      ),
    ),
    entryByPatient: new DataLoader(async (ids: readonly string[]) =>
      byKey(
        ids,
        await prisma.direct.rows<AllocationRow>(
          `SELECT patient_id AS "patientId", randomization_number AS "randomizationNumber",
                  randomized_at AS "randomizedAt", arm_id AS "armId"
             FROM randomization_entry WHERE patient_id = ANY($1::uuid[])`,
          [ids],
        ),
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
