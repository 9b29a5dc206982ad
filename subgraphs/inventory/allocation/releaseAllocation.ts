import type { InventoryPrisma } from '../data/prismaClient'
import type { Prisma } from '../generated/prisma/client'
import { reevaluateLowStock } from './stockSignals'
import { writeOutboxEvent } from '../events/outbox'
import { uuidFromName } from '../../../platform/ids'
import { auditUpdated } from '../../../subgraph-runtime/audit/auditTrail'
import { systemActor } from '../../../subgraph-runtime/audit/auditActor'

/**
 * Compensation of the enrollment saga's allocation: the kit goes back to stock (ALLOCATED →
 * AVAILABLE) and the randomisation position back to the list (the lowest unused position is
 * drawn first next time, so the block stays balanced). Idempotent: a released, refused or
 * cancelled saga changes nothing. A release that arrives before its allocation leaves a CANCELLED
 * tombstone, so the late allocation is refused instead of taking a kit nobody would release.
 * Lock order as in allocation — the request, then the stratum, then the kit — so the two never deadlock.
 */
export async function releaseAllocation(
  prisma: InventoryPrisma,
  { sagaId, patientId, siteId }: { sagaId: string; patientId: string; siteId: string },
  reason = 'enrollment compensated',
): Promise<void> {
  await prisma.$transaction(
    async (tx) => {
      await releaseInTransaction(tx, sagaId, patientId, siteId, reason)
      // Acknowledged whatever there was to release (a repeat, a tombstone): the saga waits for it.
      // The id names the saga, so the acknowledgement is written once.
      await writeOutboxEvent(tx, {
        id: uuidFromName(`KitAllocationReleased:${sagaId}`),
        topic: 'inventory.replies.v1',
        key: patientId,
        eventType: 'KitAllocationReleased',
        payload: { sagaId, patientId },
      })
    },
    { maxWait: 60_000, timeout: 60_000 },
  )
}

async function releaseInTransaction(
  tx: Prisma.TransactionClient,
  sagaId: string,
  patientId: string,
  siteId: string,
  reason: string,
): Promise<void> {
  const tombstone = await tx.$executeRaw`
        INSERT INTO allocation_request (saga_id, patient_id, site_id, status, updated_at)
        SELECT ${sagaId}::uuid, ${patientId}::uuid, ${siteId}::uuid, 'CANCELLED', now()
        ON CONFLICT (saga_id) DO NOTHING`
  if (tombstone === 1) return
  const [request] = await tx.$queryRaw<
    { status: string; kitId: string | null; entryId: string | null; siteId: string; patientId: string }[]
  >`
        SELECT status, kit_id AS "kitId", entry_id AS "entryId", site_id AS "siteId", patient_id AS "patientId"
          FROM allocation_request WHERE saga_id = ${sagaId}::uuid FOR UPDATE`
  if (!request || request.status !== 'ALLOCATED') return
  const entry = await tx.randomizationEntry.findUniqueOrThrow({ where: { id: request.entryId! } })
  await tx.$queryRaw`SELECT 1 FROM randomization_stratum WHERE list_id = ${entry.listId}::uuid AND site_id = ${entry.siteId}::uuid FOR UPDATE`
  const kit = await tx.kit.findUniqueOrThrow({ where: { id: request.kitId! } })
  const now = new Date()
  const back = { status: 'AVAILABLE' as const, patientId: null, allocationSagaId: null, allocatedAt: null }
  const freed = await tx.kit.updateMany({
    where: { id: kit.id, status: 'ALLOCATED', allocationSagaId: sagaId },
    data: back,
  })
  await tx.randomizationEntry.update({
    where: { id: entry.id },
    data: { patientId: null, sagaId: null, randomizedAt: null },
  })
  await tx.$executeRaw`UPDATE randomization_stratum SET entries_used = entries_used - 1
                            WHERE list_id = ${entry.listId}::uuid AND site_id = ${entry.siteId}::uuid`
  await tx.allocationRequest.update({ where: { sagaId }, data: { status: 'RELEASED' } })
  const actor = systemActor(`saga:${sagaId}`)
  if (freed.count === 1)
    await auditUpdated(
      tx,
      actor,
      { type: 'Kit', id: kit.id },
      {
        before: kit,
        after: { ...kit, ...back },
        fields: ['status', 'patientId', 'allocationSagaId', 'allocatedAt'],
        reasonForChange: reason,
      },
      now,
    )
  await auditUpdated(
    tx,
    actor,
    { type: 'RandomizationEntry', id: entry.id },
    {
      before: { patientId: entry.patientId, sagaId: entry.sagaId },
      after: { patientId: null, sagaId: null },
      reasonForChange: reason,
    },
    now,
  )
  await reevaluateLowStock(tx, request.siteId, entry.armId)
}
