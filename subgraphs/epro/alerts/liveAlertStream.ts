import type { AdverseEventAlert } from '../generated/prisma/client'
import type { AlertFeed } from '../events/alertFeed'

/**
 * The subscription's event stream: first the stored alerts after the subscriber's cursor, then
 * live ones, with no duplicate and no gap. The live listener is attached *before* the backlog is
 * read, so an alert stored meanwhile is in the backlog, the buffer or both (then dropped by its
 * sequence). A plain iterator (not an async generator) so that `return()` detaches at once when
 * the client completes or disconnects, instead of at the next event.
 */
export function liveAlertStream(
  feed: AlertFeed,
  siteIds: string[],
  /** Reads what to send before live alerts, and the feed position live alerts must be after. */
  start: () => Promise<{ backlog: AdverseEventAlert[]; after: bigint }>,
): AsyncIterableIterator<AdverseEventAlert> {
  const sites = new Set(siteIds)
  const queue: AdverseEventAlert[] = []
  let waiting: ((result: IteratorResult<AdverseEventAlert>) => void) | undefined
  let lastSequence = 0n
  let done = false
  let backlogRead = false

  const deliver = (alert: AdverseEventAlert) => {
    if (done || alert.sequence <= lastSequence) return
    lastSequence = alert.sequence
    if (waiting) {
      const resolve = waiting
      waiting = undefined
      resolve({ value: alert, done: false })
    } else queue.push(alert)
  }
  const pending: AdverseEventAlert[] = []
  const detach = feed.listen((alert) => {
    if (!sites.has(alert.siteId)) return
    if (backlogRead) deliver(alert)
    else pending.push(alert)
  })
  const backlog = start().then(({ backlog: stored, after }) => {
    lastSequence = after
    for (const alert of [...stored, ...pending.sort((a, b) => (a.sequence < b.sequence ? -1 : 1))]) deliver(alert)
    backlogRead = true
  })

  const finish = (): Promise<IteratorResult<AdverseEventAlert>> => {
    done = true
    detach()
    queue.length = 0
    waiting?.({ value: undefined, done: true })
    waiting = undefined
    return Promise.resolve({ value: undefined, done: true })
  }

  return {
    async next() {
      if (!backlogRead) await backlog
      if (done) return { value: undefined, done: true }
      const next = queue.shift()
      if (next) return { value: next, done: false }
      return new Promise((resolve) => (waiting = resolve))
    },
    return: finish,
    throw: async (error) => {
      await finish()
      throw error
    },
    [Symbol.asyncIterator]() {
      return this
    },
  }
}
