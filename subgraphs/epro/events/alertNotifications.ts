import pg from 'pg'
import type { Logger } from '../../../server-kit/logger'
import { pgConnectionConfig, type DatabaseTarget } from '../../../server-kit/database/target'
import { alertStoredChannel } from './alertStore'

/**
 * LISTENs on Postgres for alerts stored by any epro instance (the store's commit sends the
 * notification) and calls `onStored`; reconnects with back-off if the connection drops (the
 * tailer's poll covers the gap). Embedded PGlite serves a single process: nothing to listen for.
 */
export function listenForStoredAlerts(target: DatabaseTarget, onStored: () => void, logger: Logger): { stop(): Promise<void> } {
  if (target.kind !== 'postgres') return { stop: async () => {} }
  let stopped = false
  let client: pg.Client | undefined
  let retry: NodeJS.Timeout | undefined

  const reconnect = (delayMs: number) => {
    if (!stopped) retry = setTimeout(() => void connect(Math.min(delayMs * 2, 5000)), delayMs)
  }
  const connect = async (delayMs: number) => {
    const next = new pg.Client(pgConnectionConfig(target, `${target.schema}-alert-listener`))
    client = next
    next.on('notification', () => onStored())
    next.on('error', (error) => logger.warn({ err: error }, 'alert notification connection failed'))
    try {
      await next.connect()
      await next.query(`LISTEN "${alertStoredChannel(target.schema)}"`)
    } catch (error) {
      logger.warn({ err: error, retryInMs: delayMs }, 'cannot listen for stored alerts yet')
      await next.end().catch(() => {})
      return reconnect(delayMs)
    }
    next.on('end', () => reconnect(250))
    onStored() // whatever was stored while not listening
  }
  void connect(250)

  return {
    async stop() {
      stopped = true
      clearTimeout(retry)
      await client?.end().catch(() => {})
    },
  }
}
