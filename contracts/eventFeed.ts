/**
 * The outbox feed: how a subgraph reads another's events in embedded mode (no KAFKA_BROKERS, every
 * subgraph its own process). The producer serves its published outbox rows in `feed_position`
 * order (positions follow commit order: subgraph-runtime/events/outboxRelay.ts), to other services
 * only (contracts/serviceAssertion.ts). A request with nothing after `after` is held up to
 * EVENT_FEED_HOLD_MS and answered as soon as the producer's relay publishes (a long poll).
 *
 *   GET /events?topics=a,b&after=<position>&limit=<n>   x-service-assertion: <JWT>
 */
export const EVENT_FEED_PATH = '/events'
/** Events per answer when the request names no limit, and the most it may ask for. */
export const EVENT_FEED_DEFAULT_LIMIT = 200
export const EVENT_FEED_MAX_LIMIT = 1000
/** How long the producer holds a request that has nothing to answer yet. */
export const EVENT_FEED_HOLD_MS = 20_000

export interface EventFeedQuery {
  /** Comma-separated topic names. */
  topics: string
  /** The last position the caller has (0 or absent: from the start); a decimal integer. */
  after?: string
  limit?: string
}

/** An event as it travels between contexts, on Kafka or on the outbox feed. */
export interface EventMessage {
  /** Unique id of the event (the outbox row id): consumers deduplicate on it. */
  id: string
  topic: string
  /** Ordering key (a patient id): one key's messages are delivered in publish order. */
  key: string
  type: string
  payload: unknown
  occurredAt: string
  /** W3C trace context (traceparent, tracestate): the trace the event belongs to goes on in its consumers. */
  traceContext?: Record<string, string> | null
}

export interface FeedEvent extends EventMessage {
  /** The event's feed_position: a decimal integer (it may exceed 2^53). */
  position: string
}

export interface EventFeedResponse {
  /** In position order; empty when the hold passed with nothing new. */
  events: FeedEvent[]
}
