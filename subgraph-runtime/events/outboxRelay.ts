import type { Logger } from '../../platform/logging/logger'
import type { EventBus } from './eventBus'
import { startHandOffSpan, traceCarrierOf } from '../../platform/telemetry/traceContext'
import { whenAborted } from '../../platform/shutdown/abortable'
import { registerScrapeGauges } from '../../platform/metrics/registry'
import type { RawSqlTransaction } from './outboxWrites'

/** Bound of the relay's last round at shutdown; what it leaves stays in the outbox for the next relay. */
const FINAL_FLUSH_MS = 3000

/**
 * What the relay needs of a subgraph's Prisma client: interactive transactions and raw SQL on the
 * `outbox_event` table every context with events has (same columns in each: see epro's migrations).
 */
export interface OutboxDatabase extends Pick<RawSqlTransaction, '$queryRaw'> {
  $transaction<R>(
    run: (tx: RawSqlTransaction) => Promise<R>,
    options?: { maxWait?: number; timeout?: number },
  ): Promise<R>
}

/** An event the relay has just published (for the producer's own latency metrics). */
export interface PublishedEvent {
  topic: string
  occurredAt: Date
}

type PendingEvent = {
  id: string
  topic: string
  key: string
  eventType: string
  payload: unknown
  occurredAt: Date
  traceContext: unknown
}

export interface FinalFlush {
  /** Events the last round published. */
  published: number
  /** False when the round failed or was cut short: events may remain in the outbox. */
  complete: boolean
}

export interface OutboxRelay {
  /** Wakes the relay at once (after a commit) instead of waiting for its next poll. */
  kick(): void
  /** Publishes everything pending now; resolves with the number published. */
  drain(): Promise<number>
  /**
   * Stops the loop, then runs one last publishing round for the events committed by the last
   * requests (their kick may have reached a loop that was already finishing), within
   * FINAL_FLUSH_MS or until `signal` fires.
   */
  stop(signal?: AbortSignal): Promise<FinalFlush>
}

/**
 * Publishes outbox rows to the bus in commit order and marks them published. A broker outage only
 * delays delivery: failed batches stay unpublished and are retried with growing pauses. A crash
 * between publish and mark re-sends the batch, which consumers absorb (they deduplicate on the
 * event id): at-least-once on the wire, exactly-once in effect.
 */
export function startOutboxRelay(
  prisma: OutboxDatabase,
  bus: EventBus,
  logger: Logger,
  {
    batchSize = 200,
    pollMs = 500,
    maxBackoffMs = 5000,
    onPublished,
    onCommitted,
  }: {
    batchSize?: number
    pollMs?: number
    maxBackoffMs?: number
    onPublished?: (events: PublishedEvent[]) => void
    /** After a batch's publication (and feed positions) committed: wakes the outbox feed's long polls. */
    onCommitted?: () => void
  } = {},
): OutboxRelay {
  registerOutboxGauges(prisma)
  let stopped = false
  let wake: (() => void) | undefined
  let backoffMs = 0
  let kicked = false
  // Topics are created explicitly (the broker does not create them on first use): each topic this
  // relay publishes to is made sure of once, before its first event — a topic with no consumer yet
  // (a signal nobody reads so far) would otherwise hold back every event behind it.
  const ensured = new Set<string>()

  // One relay publishes at a time across a subgraph's instances (a transaction-scoped advisory lock held
  // while publishing), so a patient's events reach Kafka in commit order even with several
  // instances; the others find the lock taken and leave the rows to it.
  const publishBatch = async (): Promise<number> => {
    const outcome = await prisma.$transaction(
      async (tx) => {
        // Lock and read in one statement (a round trip less on the alert path); the lock taken by
        // another relay reads nothing, as does an empty outbox.
        const rows = await tx.$queryRaw<PendingEvent[]>`
          SELECT o.id, o.topic, o.key, o.event_type AS "eventType", o.payload, o.occurred_at AS "occurredAt", o.trace_context AS "traceContext"
          FROM (SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':outbox-relay')) AS locked) lock, outbox_event o
          WHERE lock.locked AND o.published_at IS NULL ORDER BY o.sequence LIMIT ${batchSize}`
        if (rows.length === 0) return { published: 0 }
        const ids = rows.map((r) => r.id)
        // One span per event, in the trace of the request that wrote it; the message carries the span on.
        const spans = rows.map((r) =>
          startHandOffSpan(`publish ${r.topic}`, {
            parent: traceCarrierOf(r.traceContext),
            attributes: {
              'messaging.system': bus.kind,
              'messaging.destination.name': r.topic,
              'messaging.message.id': r.id,
            },
          }),
        )
        try {
          const fresh = [...new Set(rows.map((r) => r.topic))].filter((t) => !ensured.has(t))
          if (fresh.length) {
            await bus.ensureTopics(fresh)
            for (const t of fresh) ensured.add(t)
          }
          await bus.publish(
            rows.map((r, i) => ({
              id: r.id,
              topic: r.topic,
              key: r.key,
              type: r.eventType,
              payload: r.payload,
              occurredAt: r.occurredAt.toISOString(),
              traceContext: spans[i]!.carrier,
            })),
          )
          for (const span of spans) span.end()
          onPublished?.(rows)
        } catch (error) {
          for (const span of spans) span.end(error)
          await tx.$executeRaw`
            UPDATE outbox_event SET attempts = attempts + 1, last_error = ${String((error as Error).message).slice(0, 500)}
            WHERE id = ANY(${ids}::uuid[])`
          return { published: 0, error }
        }
        // The outbox feed's positions (embedded mode, docs/events.md), stamped here in Kafka mode
        // too: one code path, and a database moved between the modes keeps a consistent feed.
        // Positions follow commit order: this statement runs after the advisory lock was taken, so
        // its snapshot sees every earlier relay's stamps (a lock is released only after its
        // transaction is visible), and it numbers on from their maximum. row_number() over
        // `sequence` orders the batch by definition; nextval() in an UPDATE would number rows in
        // whatever order the plan visits them. Rows another relay stamped meanwhile (read from an
        // older snapshot by the SELECT above) keep their position: a row is stamped once.
        await tx.$executeRaw`
          UPDATE outbox_event o
          SET published_at = now(), attempts = o.attempts + 1, last_error = NULL, feed_position = stamped.position
          FROM (
            SELECT id, (SELECT coalesce(max(feed_position), 0) FROM outbox_event) + row_number() OVER (ORDER BY sequence) AS position
            FROM outbox_event WHERE id = ANY(${ids}::uuid[]) AND feed_position IS NULL
          ) stamped
          WHERE o.id = stamped.id`
        return { published: rows.length }
      },
      // A publish during a broker outage takes as long as the producer's retries.
      { maxWait: 10_000, timeout: 120_000 },
    )
    if ('error' in outcome) throw outcome.error
    if (outcome.published) onCommitted?.()
    return outcome.published
  }

  // A short batch emptied the outbox (or another relay holds the lock): no empty round after it.
  // What commits meanwhile kicks the loop, which goes again.
  const drain = async (): Promise<number> => {
    for (let total = 0; ;) {
      const published = await publishBatch()
      total += published
      if (published < batchSize) return total
    }
  }

  const loop = (async () => {
    while (!stopped) {
      kicked = false
      try {
        const published = await drain()
        if (published) logger.debug({ published }, 'outbox relayed')
        backoffMs = 0
      } catch (error) {
        backoffMs = Math.min(maxBackoffMs, backoffMs ? backoffMs * 2 : 250)
        logger.warn({ err: error, retryInMs: backoffMs }, 'outbox relay could not publish; will retry')
      }
      if (stopped) break
      // A commit that kicked while this round ran may have missed its read: go again at once.
      if (kicked && !backoffMs) continue
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoffMs || pollMs)
        wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      wake = undefined
    }
  })()

  return {
    kick: () => {
      if (backoffMs) return // the broker is away: the back-off decides when to try again
      if (wake) wake()
      else kicked = true
    },
    drain,
    async stop(signal) {
      stopped = true
      wake?.()
      const bound = AbortSignal.any([AbortSignal.timeout(FINAL_FLUSH_MS), ...(signal ? [signal] : [])])
      const flushing = (async (): Promise<FinalFlush> => {
        await loop
        return { published: await drain(), complete: true }
      })().catch((error: unknown) => {
        logger.warn({ err: error }, 'outbox relay: last round failed; the events stay in the outbox')
        return { published: 0, complete: false }
      })
      // A cut round's transaction rolls back when the pool closes: its rows stay unpublished.
      return Promise.race([flushing, whenAborted(bound).then(() => ({ published: 0, complete: false }))])
    },
  }
}

/**
 * The outbox's health, read when Prometheus scrapes: how many events wait and for how long (a
 * stuck relay or an unreachable broker shows here first).
 */
function registerOutboxGauges(prisma: OutboxDatabase): void {
  const backlog = async () => {
    const [row] = await prisma.$queryRaw<{ waiting: number; oldestAgeSeconds: number | null }[]>`
      SELECT count(*)::int AS waiting, extract(epoch FROM now() - min(occurred_at))::float8 AS "oldestAgeSeconds"
      FROM outbox_event WHERE published_at IS NULL`
    return row!
  }
  registerScrapeGauges([
    [
      'outbox_unpublished_events',
      'Events committed to the outbox and not yet published to the bus.',
      async () => (await backlog()).waiting,
    ],
    [
      'outbox_oldest_unpublished_age_seconds',
      'Age of the oldest event still waiting in the outbox (0 when it is empty).',
      async () => Math.max(0, (await backlog()).oldestAgeSeconds ?? 0),
    ],
  ])
}
