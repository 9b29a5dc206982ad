import type { TraceCarrier } from '../../platform/telemetry/traceContext'

/**
 * The event bus between contexts: Apache Kafka in production and tests (kafkaBus.ts), an
 * in-process bus with the same contract for the embedded `npm start` (inProcessBus.ts).
 * Contract: at-least-once delivery per consumer group, in order per key; a handler that throws
 * gets the message again, so handlers must be idempotent.
 */
export interface BusMessage {
  /** Unique id of the event (the outbox row id): consumers deduplicate on it. */
  id: string
  topic: string
  /** Ordering key (a patient id): one key's messages are delivered in publish order. */
  key: string
  type: string
  payload: unknown
  occurredAt: string
  /** W3C trace context (traceparent, tracestate): the trace the event belongs to goes on in its consumers. */
  traceContext?: TraceCarrier | null
}

export type MessageHandler = (message: BusMessage) => Promise<void>

export interface EventBus {
  readonly kind: 'kafka' | 'in-process'
  /** Makes sure the topics exist (Kafka); topic creation is explicit, not on first use. */
  ensureTopics(topics: string[]): Promise<void>
  /** Resolves when every message is durably accepted (Kafka: acks from all in-sync replicas). */
  publish(messages: BusMessage[]): Promise<void>
  subscribe(topic: string, groupId: string, handler: MessageHandler): Promise<{ stop(): Promise<void> }>
  close(): Promise<void>
}
