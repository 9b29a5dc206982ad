import type { Prisma } from '../generated/prisma/client'

/**
 * Inventory's transactional outbox: events are written in the transaction of their cause into
 * `outbox_event`, shaped exactly like epro's, so the shared relay (subgraph-runtime/events) can be
 * attached to this context without a migration. No relay runs yet: rows wait, unpublished.
 * Payloads never carry an arm (§8): callers pass ids, numbers and codes only.
 */
export interface OutboxEventInput {
  /** Deterministic where the cause may run twice (uuidFromName), so a re-run writes nothing. */
  id: string
  topic: 'inventory.stock.v1' | 'inventory.unblinding.v1' | 'inventory.replies.v1'
  key: string
  eventType: string
  payload: Prisma.InputJsonObject
}

export async function writeOutboxEvent(
  tx: Pick<Prisma.TransactionClient, 'outboxEvent'>,
  event: OutboxEventInput,
): Promise<void> {
  await tx.outboxEvent.createMany({ data: [event], skipDuplicates: true })
}
