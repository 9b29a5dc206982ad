import pg from 'pg'
import type { Logger } from '../../platform/logging/logger'
import { pgConnectionConfig, type PostgresTarget } from './target'

export interface NotificationListener {
  /** True while LISTEN is in place: a notification sent now will arrive. */
  listening(): boolean
  stop(): Promise<void>
}

export interface NotificationHandlers {
  notified(payload: string | undefined): void
  /** LISTEN is in place (again): whatever was notified while not listening was missed. */
  listening(): void
  /** The connection dropped: notifications are missed until `listening` is called again. */
  lost?(): void
}

/**
 * LISTENs on one channel of the subgraph's Postgres on a connection of its own, and reconnects
 * with back-off (up to 5 s) when the connection drops or cannot be opened. TCP keep-alive makes a
 * silently dead peer surface as a dropped connection rather than as a quiet channel.
 */
export function listenOnPostgres(
  target: PostgresTarget,
  channel: string,
  applicationName: string,
  handlers: NotificationHandlers,
  logger: Logger,
): NotificationListener {
  let stopped = false
  let listening = false
  let client: pg.Client | undefined
  let retry: NodeJS.Timeout | undefined

  const reconnect = (delayMs: number) => {
    if (!stopped) retry = setTimeout(() => void connect(Math.min(delayMs * 2, 5000)), delayMs)
  }
  const connect = async (delayMs: number) => {
    const next = new pg.Client({
      ...pgConnectionConfig(target, applicationName),
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    })
    client = next
    next.on('notification', (message) => {
      if (message.channel === channel) handlers.notified(message.payload)
    })
    next.on('error', (error) => logger.warn({ err: error, channel }, 'notification connection failed'))
    try {
      await next.connect()
      await next.query(`LISTEN "${channel}"`)
    } catch (error) {
      logger.warn({ err: error, channel, retryInMs: delayMs }, 'cannot listen for notifications yet')
      await next.end().catch(() => {})
      return reconnect(delayMs)
    }
    if (stopped) return void (await next.end().catch(() => {}))
    listening = true
    next.on('end', () => {
      listening = false
      handlers.lost?.()
      reconnect(250)
    })
    handlers.listening()
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
