import type { Logger } from '../../platform/logging/logger'
import { sleepUnlessAborted } from '../../platform/shutdown/abortable'
import {
  EVENT_FEED_DEFAULT_LIMIT,
  EVENT_FEED_HOLD_MS,
  EVENT_FEED_PATH,
  type EventFeedQuery,
  type EventFeedResponse,
  type FeedEvent,
} from '../../contracts/eventFeed'
import { SERVICE_ASSERTION_HEADER, signServiceAssertion } from '../../contracts/serviceAssertion'
import type { MessageHandler } from './eventBus'
import type { FeedOffsets } from './feedOffsets'

/** What one reader needs: whom it reads, as whom, where it keeps its place, how it waits. */
export interface FeedReaderOptions {
  /** This subgraph's name (the assertion's caller) and the producer's (its audience). */
  caller: string
  producer: string
  /** The producer's base URL (its outbox feed is at EVENT_FEED_PATH under it). */
  url: string
  authKey: Uint8Array
  offsets: FeedOffsets
  logger: Logger
  /** Pause before a throwing handler gets the message again (doubling up to maxBackoffMs). */
  retryDelayMs?: number
  maxBackoffMs?: number
}

/**
 * One consumer group's reader of one topic of another subgraph's outbox feed: long-polls the
 * producer from the stored offset and hands each event to the handler in position order, one at a
 * time, storing the offset after each. That gives the bus contract (eventBus.ts): at-least-once
 * (a crash between handling and storing redelivers one event), in order per key (all events are
 * in order), and a handler that throws gets the same event again — later events wait behind it,
 * as a Kafka partition's do. A producer that is down is asked again with back-off; nothing is
 * skipped, since the position only moves past a handled event.
 */
export function startFeedReader(
  topic: string,
  group: string,
  handler: MessageHandler,
  options: FeedReaderOptions,
  start: string,
): { stop(): Promise<void> } {
  const { logger, retryDelayMs = 500, maxBackoffMs = 5000 } = options
  const stopping = new AbortController()
  const log = logger.child({ topic, group, producer: options.producer })
  let position = start

  const fetchAfter = async (after: string): Promise<FeedEvent[]> => {
    const url = new URL(EVENT_FEED_PATH, options.url)
    const query: EventFeedQuery = { topics: topic, after, limit: String(EVENT_FEED_DEFAULT_LIMIT) }
    url.search = new URLSearchParams({ ...query }).toString()
    const response = await fetch(url, {
      headers: {
        [SERVICE_ASSERTION_HEADER]: await signServiceAssertion(options.authKey, options.caller, options.producer),
      },
      // The producer answers within its hold; a silent one (hung, half-open socket) is given up on.
      signal: AbortSignal.any([stopping.signal, AbortSignal.timeout(EVENT_FEED_HOLD_MS + 10_000)]),
    })
    if (!response.ok)
      throw new Error(`${url.origin} answered ${response.status}: ${(await response.text()).slice(0, 200)}`)
    return ((await response.json()) as EventFeedResponse).events
  }

  const handleUntilDone = async (event: FeedEvent): Promise<boolean> => {
    for (let delayMs = retryDelayMs; !stopping.signal.aborted; delayMs = Math.min(delayMs * 2, maxBackoffMs)) {
      try {
        const { id, topic, key, type, payload, occurredAt, traceContext } = event
        await handler({ id, topic, key, type, payload, occurredAt, traceContext })
        return true
      } catch (error) {
        log.warn({ err: error, eventId: event.id, retryInMs: delayMs }, 'event handler failed; the event comes again')
        await sleepUnlessAborted(delayMs, stopping.signal)
      }
    }
    return false
  }

  const loop = (async () => {
    for (let backoffMs = 0; !stopping.signal.aborted;) {
      let events: FeedEvent[]
      try {
        events = await fetchAfter(position)
        backoffMs = 0
      } catch (error) {
        if (stopping.signal.aborted) break
        backoffMs = Math.min(maxBackoffMs, backoffMs ? backoffMs * 2 : 250)
        log.warn({ err: error, retryInMs: backoffMs }, 'cannot read the outbox feed; retrying')
        await sleepUnlessAborted(backoffMs, stopping.signal)
        continue
      }
      for (const event of events) {
        if (!(await handleUntilDone(event))) return
        position = event.position
        // A failed write leaves an older offset: a restart redelivers from it (at-least-once).
        await options.offsets.save(group, topic, position).catch((error: unknown) => {
          log.warn({ err: error, position }, 'could not store the feed offset; a restart may redeliver')
        })
      }
      // Empty: the hold passed, or the producer is draining; a short pause spares a draining one.
      if (events.length === 0) await sleepUnlessAborted(250, stopping.signal)
    }
  })()

  return {
    async stop() {
      stopping.abort()
      await loop
    },
  }
}
