import type { EventMessage } from '../../contracts/eventFeed'

/** What travels on the bus: an outbox row, as every consumer gets it (the same shape on the outbox feed). */
export type BusMessage = EventMessage

export type MessageHandler = (message: BusMessage) => Promise<void>

/**
 * The event bus between contexts: Apache Kafka in production and tests (kafkaBus.ts); for the
 * embedded `npm start`, the outbox feed (outboxFeedBus.ts: in-process within a subgraph
 * (inProcessBus.ts), other subgraphs' events read over HTTP from their outboxes), same contract.
 * Contract: at-least-once delivery per consumer group, in order per key; a handler that throws
 * gets the message again, so handlers must be idempotent.
 */
export interface EventBus {
  readonly kind: 'kafka' | 'in-process' | 'outbox-feed'
  /** Makes sure the topics exist (Kafka); topic creation is explicit, not on first use. */
  ensureTopics(topics: string[]): Promise<void>
  /** Resolves when every message is durably accepted (Kafka: acks from all in-sync replicas). */
  publish(messages: BusMessage[]): Promise<void>
  subscribe(topic: string, groupId: string, handler: MessageHandler): Promise<{ stop(): Promise<void> }>
  close(): Promise<void>
}
