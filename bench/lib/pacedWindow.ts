import { Pool } from 'undici'

/**
 * An open loop at a constant rate: request i is due at start + i / rate, sent when due whatever the
 * answers before it are doing, and its latency counts from when it was due (so time spent waiting
 * for a free socket is the server's, as in wrk2 — no coordinated omission).
 *
 * Why not autocannon's `overallRate`: it lets each connection send its share of a second back to
 * back when the second starts, then pause (httpClient.js, `reqsMadeThisSecond`). Offered 417/s on
 * 209 connections that is a burst of ~209 requests every second and silence in between; a
 * concurrency limit admits a handful of each burst and refuses the rest, and the refusals queue
 * behind each other in the event loop. The 8 pm peak is many phones each sending when it is ready,
 * which evenly spaced arrivals model and a once-a-second burst does not.
 */
export interface PacedRequest {
  headers: Record<string, string>
  body: string
}

export interface PacedAnswer {
  status: number
  body: string
  /** ms from when the request was due to the end of its answer; NaN when the socket failed. */
  ms: number
  /** ms from when it was due to when this process handed it to the pool (the generator's own lateness). */
  lateMs: number
  /** Every socket was busy when it was sent: it waited in the pool for one (the client's queue, not the server's). */
  queued: boolean
}

export async function pacedWindow(options: {
  url: string
  rate: number
  seconds: number
  /** Sockets the pool may open; more than rate × the slowest answer keeps the loop open. */
  connections: number
  next(): PacedRequest
  answered(answer: PacedAnswer): void
}): Promise<void> {
  const url = new URL(options.url)
  const pool = new Pool(url.origin, { connections: options.connections, pipelining: 1 })
  const started = performance.now()
  const total = Math.floor(options.rate * options.seconds)
  const inFlight = new Set<Promise<void>>()
  let sent = 0
  const send = (due: number) => {
    const request = options.next()
    const lateMs = performance.now() - due
    const queued = inFlight.size >= options.connections
    const answer = pool
      .request({
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...request.headers },
        body: request.body,
      })
      .then(async (response) => {
        const body = await response.body.text()
        options.answered({ status: response.statusCode, body, ms: performance.now() - due, lateMs, queued })
      })
      .catch(() => options.answered({ status: 0, body: '', ms: NaN, lateMs, queued }))
      .finally(() => inFlight.delete(answer))
    inFlight.add(answer)
  }
  // A timer fires late by up to a millisecond or more; every request already due goes out on each
  // wake-up, each stamped with its own due time, so lateness is measured rather than hidden.
  while (sent < total) {
    const now = performance.now()
    while (sent < total && started + (sent * 1000) / options.rate <= now) {
      send(started + (sent * 1000) / options.rate)
      sent += 1
    }
    const nextDue = started + (sent * 1000) / options.rate
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextDue - performance.now())))
  }
  await Promise.all(inFlight)
  await pool.close()
}
