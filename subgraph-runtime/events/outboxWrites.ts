import { currentTraceCarrier } from '../../platform/telemetry/traceContext'

/** What the writes below need of a transaction client (any subgraph's Prisma has it). */
export interface RawSqlTransaction {
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<number>
}

export interface OutgoingEvent {
  /** Derived from its cause (uuidFromName), so the handler that writes it can run twice safely. */
  id: string
  topic: string
  /** Ordering key: one key's events reach consumers in the order they were written. */
  key: string
  type: string
  payload: object
}

/**
 * Writes events to the transactional outbox inside the caller's transaction, in the given order;
 * the relay publishes them once it commits. An event whose id is already there is skipped, so a
 * handler that runs again (a redelivered message) sends nothing twice.
 */
export async function enqueueEvents(tx: RawSqlTransaction, events: readonly OutgoingEvent[]): Promise<void> {
  if (events.length === 0) return
  await tx.$executeRaw`
    INSERT INTO outbox_event (id, topic, key, event_type, payload, trace_context)
    SELECT (e->>'id')::uuid, e->>'topic', e->>'key', e->>'type', e->'payload', ${JSON.stringify(currentTraceCarrier())}::jsonb
    FROM jsonb_array_elements(${JSON.stringify(events)}::jsonb) WITH ORDINALITY AS drafts(e, n)
    ORDER BY n
    ON CONFLICT (id) DO NOTHING`
}

/**
 * The idempotent consumer's first statement, in the same transaction as the handling: true the
 * first time this group handles the event, false on a redelivery (then the handler changes nothing
 * and commits, so the bus moves on).
 */
export async function claimEvent(tx: RawSqlTransaction, consumerGroup: string, eventId: string): Promise<boolean> {
  const claimed = await tx.$executeRaw`
    INSERT INTO consumed_event (consumer_group, event_id) VALUES (${consumerGroup}, ${eventId}::uuid)
    ON CONFLICT DO NOTHING`
  return claimed === 1
}
