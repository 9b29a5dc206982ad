import type { Logger } from '../../platform/logging/logger'
import type { SubgraphName } from '../config'
import type { EventBus } from './eventBus'
import { createInProcessBus } from './inProcessBus'
import { feedOffsets } from './feedOffsets'
import { startFeedReader } from './feedReader'
import type { RawSqlTransaction } from './outboxWrites'

/**
 * The event bus of embedded mode (no KAFKA_BROKERS), where every subgraph is its own process:
 * what this subgraph publishes reaches its own subscribers in-process (inProcessBus.ts), and a
 * topic another subgraph produces is read from that subgraph's outbox feed over HTTP
 * (feedReader.ts), with the group's offset kept in this subgraph's database. Same contract as
 * Kafka (eventBus.ts). One instance per subgraph, as `npm start` runs: two instances of a consumer
 * group would each handle every event (harmless to idempotent handlers, but twice the work).
 */
export function createOutboxFeedBus(options: {
  /** This subgraph. */
  self: SubgraphName
  /** Which subgraph produces a topic; undefined (or `self`) means this process does. */
  producerOf: (topic: string) => SubgraphName | undefined
  /** Base URL of a producer's outbox feed (config.eventFeedUrls). */
  feedUrlOf: (producer: SubgraphName) => string
  /** This subgraph's database, which holds `event_feed_offset`. */
  db: RawSqlTransaction
  authKey: Uint8Array
  logger: Logger
  retryDelayMs?: number
}): EventBus {
  const local = createInProcessBus({ retryDelayMs: options.retryDelayMs })
  const offsets = feedOffsets(options.db)
  const readers = new Set<{ stop(): Promise<void> }>()
  return {
    kind: 'outbox-feed',
    ensureTopics: async () => {},
    publish: (messages) => local.publish(messages),
    async subscribe(topic, groupId, handler) {
      const producer = options.producerOf(topic)
      if (!producer || producer === options.self) return local.subscribe(topic, groupId, handler)
      // Throws while this database is unreachable: the consumer's join loop tries again.
      const start = await offsets.load(groupId, topic)
      const reader = startFeedReader(
        topic,
        groupId,
        handler,
        {
          caller: options.self,
          producer,
          url: options.feedUrlOf(producer),
          authKey: options.authKey,
          offsets,
          logger: options.logger,
          retryDelayMs: options.retryDelayMs,
        },
        start,
      )
      readers.add(reader)
      return {
        async stop() {
          readers.delete(reader)
          await reader.stop()
        },
      }
    },
    async close() {
      await Promise.all([...readers].map((reader) => reader.stop()))
      readers.clear()
      await local.close()
    },
  }
}
