import crypto from 'node:crypto'
import type { Prisma } from '../generated/prisma/client'
import { DISPENSABLE_SQL } from '../data/stockCounts'
import { writeOutboxEvent } from '../events/outbox'
import { uuidFromName } from '../../../platform/ids'

type Tx = Prisma.TransactionClient

/**
 * Re-evaluates one arm's stock at a site after a kit changed there, in the same transaction: below
 * its threshold and no open signal → a `low_stock_signal` row and `LowStockDetected` in the outbox;
 * back at or above it → the open signal is cleared and `LowStockCleared` written. The events name
 * the arm's supply code, never its code or name (their consumer is the supply chain, but a
 * message must not unblind whoever reads the topic).
 */
export async function reevaluateLowStock(tx: Tx, siteId: string, armId: string): Promise<void> {
  const [row] = await tx.$queryRawUnsafe<{ available: number; threshold: number; supplyCode: string }[]>(
    `SELECT (SELECT count(*)::int FROM kit k JOIN kit_treatment t ON t.kit_id = k.id
              WHERE k.site_id = s.site_id AND t.arm_id = a.id AND ${DISPENSABLE_SQL}) AS available,
            coalesce((SELECT threshold FROM stock_threshold WHERE site_id = s.site_id AND arm_id = a.id),
                     st.low_stock_threshold) AS threshold,
            a.supply_code AS "supplyCode"
       FROM inventory_site s JOIN inventory_study st ON st.study_id = s.study_id JOIN arm a ON a.id = $2::uuid
      WHERE s.site_id = $1::uuid`,
    siteId,
    armId,
  )
  if (!row) return
  const payload = { siteId, supplyCode: row.supplyCode, available: row.available, threshold: row.threshold }
  if (row.available < row.threshold) {
    const raised = await tx.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO low_stock_signal (id, site_id, arm_id, available, threshold)
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5)
       ON CONFLICT (site_id, arm_id) WHERE cleared_at IS NULL DO NOTHING RETURNING id`,
      crypto.randomUUID(),
      siteId,
      armId,
      row.available,
      row.threshold,
    )
    if (raised[0])
      await writeOutboxEvent(tx, {
        id: raised[0].id,
        topic: 'inventory.stock.v1',
        key: siteId,
        eventType: 'LowStockDetected',
        payload,
      })
    return
  }
  const cleared = await tx.$queryRawUnsafe<{ id: string }[]>(
    `UPDATE low_stock_signal SET cleared_at = now() WHERE site_id = $1::uuid AND arm_id = $2::uuid AND cleared_at IS NULL RETURNING id`,
    siteId,
    armId,
  )
  for (const { id } of cleared)
    await writeOutboxEvent(tx, {
      id: uuidFromName(`low-stock-cleared:${id}`),
      topic: 'inventory.stock.v1',
      key: siteId,
      eventType: 'LowStockCleared',
      payload,
    })
}
