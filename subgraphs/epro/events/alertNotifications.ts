import pg from 'pg'
import type { Logger } from '../../../platform/logging/logger'
import { pgConnectionConfig, type DatabaseTarget } from '../../../subgraph-runtime/database/target'
import { alertStoredChannel } from './alertStore'

export interface StoredAlertNotifications {
  /** True while notifications arrive: then they, not the storing consumer, wake this process's tailer. */
  listening(): boolean
  stop(): Promise<void>
}

/**
 * LISTENs on Postgres for alerts stored by any epro instance (the store's commit sends the
 * notification, with the alert's feed sequence) and calls `onStored` with that sequence
 * (undefined when what was stored meanwhile is unknown); reconnects with back-off if the
 * connection drops (the tailer's poll covers the gap). Embedded PGlite serves a single process:
 * nothing to listen for.
 */
export function listenForStoredAlerts(
  target: DatabaseTarget,
  onStored: (sequence?: bigint) => void,
  logger: Logger,
): StoredAlertNotifications {
  if (target.kind !== 'postgres') return { listening: () => false, stop: async () => {} }
  let stopped = false
  let listening = false
  let client: pg.Client | undefined
  let retry: NodeJS.Timeout | undefined

  const reconnect = (delayMs: number) => {
    if (!stopped) retry = setTimeout(() => void connect(Math.min(delayMs * 2, 5000)), delayMs)
  }
  const connect = async (delayMs: number) => {
    const next = new pg.Client(pgConnectionConfig(target, `${target.schema}-alert-listener`))
    client = next
    next.on('notification', ({ payload }) => onStored(payload && /^\d+$/.test(payload) ? BigInt(payload) : undefined))
    next.on('error', (error) => logger.warn({ err: error }, 'alert notification connection failed'))
    try {
      await next.connect()
      await next.query(`LISTEN "${alertStoredChannel(target.schema)}"`)
    } catch (error) {
      logger.warn({ err: error, retryInMs: delayMs }, 'cannot listen for stored alerts yet')
      await next.end().catch(() => {})
      return reconnect(delayMs)
    }
    listening = true
    next.on('end', () => {
      listening = false
      reconnect(250)
    })
    onStored() // whatever was stored while not listening
  }
  void connect(250)

  return {
    listening: () => listening,
    async stop() {
      stopped = true
      clearTimeout(retry)
      await client?.end().catch(() => {})
    },
  }
}
