import type { RawSqlTransaction } from './outboxWrites'

/**
 * How far each consumer group has handled a topic of another context's outbox feed, kept in the
 * consumer's own database (`event_feed_offset`; docs/events.md has the migration to copy), so a
 * restarted consumer resumes where it stopped instead of from the start or from now.
 */
export interface FeedOffsets {
  /** The last position handled; '0' when the group has handled nothing of the topic yet. */
  load(group: string, topic: string): Promise<string>
  /** Never moves an offset back (a late write of an older position changes nothing). */
  save(group: string, topic: string, position: string): Promise<void>
}

export function feedOffsets(db: RawSqlTransaction): FeedOffsets {
  return {
    async load(group, topic) {
      const [row] = await db.$queryRaw<{ position: string }[]>`
        SELECT last_position::text AS position FROM event_feed_offset WHERE consumer_group = ${group} AND topic = ${topic}`
      return row?.position ?? '0'
    },
    async save(group, topic, position) {
      await db.$executeRaw`
        INSERT INTO event_feed_offset (consumer_group, topic, last_position, updated_at)
        VALUES (${group}, ${topic}, ${position}::bigint, now())
        ON CONFLICT (consumer_group, topic) DO UPDATE
        SET last_position = greatest(event_feed_offset.last_position, excluded.last_position), updated_at = now()`
    },
  }
}
