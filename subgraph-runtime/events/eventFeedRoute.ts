import type { RequestHandler } from 'express'
import { z } from 'zod'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import { errorDocument } from '../../contracts/errors/errorRegistry'
import {
  EVENT_FEED_DEFAULT_LIMIT,
  EVENT_FEED_HOLD_MS,
  EVENT_FEED_MAX_LIMIT,
  type EventFeedResponse,
  type FeedEvent,
} from '../../contracts/eventFeed'
import type { OutboxDatabase } from './outboxRelay'
import type { FeedWakeUp } from './feedWakeUp'

/**
 * A held request reads again this often even unwoken: another instance's relay (a second process
 * on the same Postgres) cannot wake this one.
 */
const UNWOKEN_RECHECK_MS = 2000

const querySchema = z.object({
  topics: z
    .string()
    .regex(/^[\w.-]+(,[\w.-]+)*$/)
    .transform((list) => list.split(',')),
  after: z
    .string()
    .regex(/^\d{1,19}$/)
    .default('0'),
  limit: z.coerce.number().int().min(1).max(EVENT_FEED_MAX_LIMIT).default(EVENT_FEED_DEFAULT_LIMIT),
})

/**
 * GET handler of the outbox feed (contracts/eventFeed.ts), behind `serviceOnly`: the context's
 * published events after a position, in position order. With nothing to answer, the request is
 * held until the relay commits more (`published`), the hold passes, the caller goes away or the
 * server starts draining (`draining`: a held poll must not hold up a shutdown).
 */
export function eventFeedRoute(
  db: Pick<OutboxDatabase, '$queryRaw'>,
  published: FeedWakeUp,
  { draining, holdMs = EVENT_FEED_HOLD_MS }: { draining: AbortSignal; holdMs?: number },
): RequestHandler {
  const read = async (topics: string[], after: string, limit: number): Promise<FeedEvent[]> => {
    const rows = await db.$queryRaw<(Omit<FeedEvent, 'occurredAt'> & { occurredAt: Date })[]>`
      SELECT feed_position::text AS position, id, topic, key, event_type AS type, payload,
             occurred_at AS "occurredAt", trace_context AS "traceContext"
      FROM outbox_event
      WHERE feed_position > ${after}::bigint AND topic = ANY(${topics}::text[])
      ORDER BY feed_position LIMIT ${limit}`
    return rows.map((row) => ({ ...row, occurredAt: row.occurredAt.toISOString() }))
  }

  return (req, res, next) => {
    const parsed = querySchema.safeParse(req.query)
    if (!parsed.success) {
      const message = `The query must be ?topics=<topic[,topic...]>&after=<position>&limit=<1..${EVENT_FEED_MAX_LIMIT}>.`
      res.status(ErrorCodes.BAD_REQUEST.httpStatus).json(errorDocument(ErrorCodes.BAD_REQUEST, message))
      return
    }
    const { topics, after, limit } = parsed.data
    const callerGone = new AbortController()
    res.once('close', () => callerGone.abort())
    const stop = AbortSignal.any([callerGone.signal, draining])
    const until = Date.now() + holdMs
    const answer = async (): Promise<FeedEvent[]> => {
      for (;;) {
        const seen = published.version
        const events = await read(topics, after, limit)
        const left = until - Date.now()
        if (events.length || left <= 0 || stop.aborted) return events
        await published.waitPast(seen, Math.min(left, UNWOKEN_RECHECK_MS), stop)
      }
    }
    answer().then((events) => {
      if (!callerGone.signal.aborted) res.json({ events } satisfies EventFeedResponse)
    }, next)
  }
}
