import type { Prisma } from '../generated/prisma/client'
import type { InventoryPrisma } from '../data/prismaClient'
import { DISPENSABLE_SQL } from '../data/stockCounts'
import { appendBlock } from '../randomization/randomizationList'
import { reevaluateLowStock } from './stockSignals'
import { writeOutboxEvent } from '../events/outbox'
import { uuidFromName } from '../../../platform/ids'
import { auditUpdated } from '../../../subgraph-runtime/audit/auditTrail'
import { systemActor } from '../../../subgraph-runtime/audit/auditActor'
import { InventoryErrorCodes } from '../errorCodes'
import { storedOutcome, type AllocationOutcome, type RefusalCode } from './allocationOutcome'

type Tx = Prisma.TransactionClient

export interface AllocationCommand {
  sagaId: string
  patientId: string
  studyId: string
  siteId: string
}

/** Thrown inside the transaction to roll it back whole, then recorded as a refusal in a new one. */
class Refusal extends Error {
  constructor(readonly code: RefusalCode) {
    super(code)
  }
}
/** Another transaction recorded this saga's outcome first (a redelivery racing, or a release tombstone). */
class OutcomeRecordedMeanwhile extends Error {}

/** Long enough for fifty allocations queued on one stratum lock on a busy machine. */
const TRANSACTION = { maxWait: 60_000, timeout: 60_000 }

/**
 * The pivot of the enrollment saga (design §4.8): takes the next position of the site's stratum
 * and a kit of the drawn arm at the site, in one transaction. Idempotent on the saga id: a repeat
 * returns the stored outcome and never takes a second kit.
 *
 * - The stratum's row lock serialises one site's allocations: a permuted block balances only when
 *   it is consumed in order (SKIP LOCKED on entries would leave holes).
 * - The kit: first expiry first, then a random key (never the lowest kit number), outside the
 *   do-not-dispense window, `FOR UPDATE SKIP LOCKED` so a receipt or dispense holding a kit
 *   neither blocks allocation nor loses its kit to it.
 * - No kit of the drawn arm: the whole transaction rolls back, so the position stays unused and
 *   the next subject draws it (the list's balance is kept; nothing about the arm is consumed or
 *   revealed). The refusal is then recorded in a second transaction with the low-stock signal.
 *   Chosen over consuming the entry: skipping a position would unbalance its block, and a site
 *   whose stock lacks one arm would otherwise burn through that arm's positions.
 */
export async function randomizeAndAllocate(
  prisma: InventoryPrisma,
  command: AllocationCommand,
): Promise<AllocationOutcome> {
  for (;;) {
    try {
      return await prisma.$transaction((tx) => allocateInTransaction(tx, command), TRANSACTION)
    } catch (error) {
      if (error instanceof OutcomeRecordedMeanwhile) continue
      if (!(error instanceof Refusal)) throw error
      const refused = await prisma.$transaction((tx) => recordRefusal(tx, command, error.code), TRANSACTION)
      if (refused) return refused
    }
  }
}

async function allocateInTransaction(tx: Tx, command: AllocationCommand): Promise<AllocationOutcome> {
  const { sagaId, patientId, studyId, siteId } = command
  const known = await storedOutcome(tx, sagaId)
  if (known) return known
  const list = await tx.randomizationList.findUnique({ where: { studyId } })
  const site = await tx.inventorySite.findUnique({ where: { siteId } })
  if (!list || !site || site.studyId !== studyId) throw new Refusal(InventoryErrorCodes.RANDOMIZATION_UNAVAILABLE.code)
  const locked = await tx.$queryRaw<{ entriesUsed: number }[]>`
    SELECT entries_used AS "entriesUsed" FROM randomization_stratum
     WHERE list_id = ${list.id}::uuid AND site_id = ${siteId}::uuid FOR UPDATE`
  if (!locked[0]) throw new Refusal(InventoryErrorCodes.RANDOMIZATION_UNAVAILABLE.code)
  // Under the lock: a concurrent delivery of the same command may have finished while we waited.
  const meanwhile = await storedOutcome(tx, sagaId)
  if (meanwhile) return meanwhile
  let entry = await nextEntry(tx, list.id, siteId)
  if (!entry) {
    await appendBlock(tx, list, site)
    entry = await nextEntry(tx, list.id, siteId)
  }
  if (!entry) throw new Refusal(InventoryErrorCodes.RANDOMIZATION_UNAVAILABLE.code)
  const [kit] = await tx.$queryRawUnsafe<{ id: string; kitNumber: string; expiresOn: Date }[]>(
    `SELECT k.id, k.kit_number AS "kitNumber", k.expires_on AS "expiresOn"
       FROM kit k
       JOIN kit_treatment t ON t.kit_id = k.id
       JOIN inventory_site s ON s.site_id = k.site_id
       JOIN inventory_study st ON st.study_id = s.study_id
      WHERE k.site_id = $1::uuid AND t.arm_id = $2::uuid AND ${DISPENSABLE_SQL}
      ORDER BY k.expires_on, k.dispense_order
      LIMIT 1 FOR UPDATE OF k SKIP LOCKED`,
    siteId,
    entry.armId,
  )
  if (!kit) throw new Refusal(InventoryErrorCodes.NO_KIT_AVAILABLE.code)
  const now = new Date()
  const claimed = await tx.$executeRaw`
    INSERT INTO allocation_request (saga_id, patient_id, site_id, status, kit_id, entry_id, updated_at)
    VALUES (${sagaId}::uuid, ${patientId}::uuid, ${siteId}::uuid, 'ALLOCATED', ${kit.id}::uuid, ${entry.id}::uuid, ${now})
    ON CONFLICT (saga_id) DO NOTHING`
  if (claimed === 0) throw new OutcomeRecordedMeanwhile()
  const kitChange = { status: 'ALLOCATED' as const, patientId, allocationSagaId: sagaId, allocatedAt: now }
  const updated = await tx.kit.updateMany({ where: { id: kit.id, status: 'AVAILABLE' }, data: kitChange })
  if (updated.count !== 1) throw new Error(`kit ${kit.id} changed under its row lock`)
  await tx.randomizationEntry.update({ where: { id: entry.id }, data: { patientId, sagaId, randomizedAt: now } })
  await tx.$executeRaw`UPDATE randomization_stratum SET entries_used = entries_used + 1
                        WHERE list_id = ${list.id}::uuid AND site_id = ${siteId}::uuid`
  await tx.$executeRaw`UPDATE randomization_list SET first_used_at = coalesce(first_used_at, ${now}) WHERE id = ${list.id}::uuid`
  const actor = systemActor(`saga:${sagaId}`)
  // The kit's trail holds the kit table's columns only; the entry (unblinded entity type) its assignment.
  await auditUpdated(
    tx,
    actor,
    { type: 'Kit', id: kit.id },
    { before: { status: 'AVAILABLE', patientId: null, allocationSagaId: null, allocatedAt: null }, after: kitChange },
    now,
  )
  await auditUpdated(
    tx,
    actor,
    { type: 'RandomizationEntry', id: entry.id },
    { before: { patientId: null, sagaId: null }, after: { patientId, sagaId } },
    now,
  )
  await reevaluateLowStock(tx, siteId, entry.armId)
  const outcome: AllocationOutcome = {
    status: 'ALLOCATED',
    kitNumber: kit.kitNumber,
    randomizationNumber: entry.randomizationNumber,
    kitExpiresOn: kit.expiresOn,
  }
  await writeOutboxEvent(tx, {
    id: uuidFromName(`KitAllocated:${sagaId}`),
    topic: 'inventory.replies.v1',
    key: patientId,
    eventType: 'KitAllocated',
    payload: {
      sagaId,
      patientId,
      kitNumber: kit.kitNumber,
      randomizationNumber: entry.randomizationNumber,
      kitExpiresOn: kit.expiresOn.toISOString().slice(0, 10),
    },
  })
  return outcome
}

const nextEntry = async (tx: Tx, listId: string, siteId: string) =>
  tx.randomizationEntry.findFirst({
    where: { listId, siteId, patientId: null },
    orderBy: { position: 'asc' },
    select: { id: true, armId: true, randomizationNumber: true },
  })

/**
 * A refusal, stored so that a repeat gets it again, with the low-stock signal of the drawn arm
 * (read again here: the rolled-back transaction's view is gone). Null when another transaction
 * recorded an outcome first (the caller then reads that one).
 */
async function recordRefusal(tx: Tx, command: AllocationCommand, code: RefusalCode): Promise<AllocationOutcome | null> {
  const claimed = await tx.$executeRaw`
    INSERT INTO allocation_request (saga_id, patient_id, site_id, status, refusal_code, updated_at)
    VALUES (${command.sagaId}::uuid, ${command.patientId}::uuid, ${command.siteId}::uuid, 'REFUSED', ${code}, now())
    ON CONFLICT (saga_id) DO NOTHING`
  if (claimed === 0) return storedOutcome(tx, command.sagaId)
  if (code === InventoryErrorCodes.NO_KIT_AVAILABLE.code) {
    const drawn = await tx.$queryRaw<{ armId: string }[]>`
      SELECT e.arm_id AS "armId" FROM randomization_entry e JOIN randomization_list l ON l.id = e.list_id
       WHERE l.study_id = ${command.studyId}::uuid AND e.site_id = ${command.siteId}::uuid AND e.patient_id IS NULL
       ORDER BY e.position LIMIT 1`
    if (drawn[0]) await reevaluateLowStock(tx, command.siteId, drawn[0].armId)
  }
  await writeOutboxEvent(tx, {
    id: uuidFromName(`AllocationRefused:${command.sagaId}`),
    topic: 'inventory.replies.v1',
    key: command.patientId,
    eventType: 'AllocationRefused',
    payload: { sagaId: command.sagaId, patientId: command.patientId, code },
  })
  return { status: 'REFUSED', code }
}
