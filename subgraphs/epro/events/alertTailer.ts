import type { Logger } from '../../../platform/logging/logger'
import type { EproPrisma } from '../data/prismaClient'
import type { AlertFeed } from './alertFeed'
import { noteAlertStage } from './pipelineMetrics'

export interface AlertTailer {
  /** Resolves once the tailer knows where the feed ends (alerts stored before are not live). */
  ready: Promise<void>
  /**
   * Reads and announces what was stored since the last read (coalesced while one read runs).
   * Given the sequence of the alert that was stored, does nothing if it was already read.
   */
  wake(stored?: bigint): Promise<void>
  stop(): void
}

/**
 * Announces stored alerts to this process's live subscribers by tailing the alert table in
 * sequence order, whichever instance's consumer stored them: the consumer group spreads
 * partitions over the epro instances, but a CRC connected to any instance must see every alert
 * of their sites. Woken at once by a local store or a Postgres notification from another
 * instance, and by a slow poll in case a notification was lost with its connection.
 */
export function startAlertTailer(
  prisma: EproPrisma,
  feed: AlertFeed,
  logger: Logger,
  { pollMs = 2000, batchSize = 500 } = {},
): AlertTailer {
  let last = 0n
  let running: Promise<void> | undefined
  let again = false

  const ready = prisma.adverseEventAlert.aggregate({ _max: { sequence: true } }).then((r) => {
    last = r._max.sequence ?? 0n
  })

  const catchUp = async () => {
    await ready
    for (;;) {
      const rows = await prisma.adverseEventAlert.findMany({
        where: { sequence: { gt: last } },
        orderBy: { sequence: 'asc' },
        take: batchSize,
      })
      for (const alert of rows) {
        last = alert.sequence
        feed.announce(alert)
        noteAlertStage('announced', alert.detectedAt)
      }
      if (rows.length < batchSize) return
    }
  }

  const wake = (stored?: bigint): Promise<void> => {
    if (stored !== undefined && stored <= last) return running ?? Promise.resolve()
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      do {
        again = false
        try {
          await catchUp()
        } catch (error) {
          logger.warn({ err: error }, 'could not read new alerts; the next wake-up retries')
        }
      } while (again)
    })().finally(() => (running = undefined))
    return running
  }

  const timer = setInterval(() => void wake(), pollMs)
  timer.unref()
  return { ready, wake, stop: () => clearInterval(timer) }
}
