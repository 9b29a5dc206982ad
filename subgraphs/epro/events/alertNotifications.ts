import type { Logger } from '../../../platform/logging/logger'
import type { DatabaseTarget } from '../../../subgraph-runtime/database/target'
import { listenOnPostgres, type NotificationListener } from '../../../subgraph-runtime/database/notificationListener'
import { alertStoredChannel } from './alertStore'

/** While `listening()`, notifications, not the storing consumer, wake this process's tailer. */
export type StoredAlertNotifications = NotificationListener

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
  return listenOnPostgres(
    target,
    alertStoredChannel(target.schema),
    `${target.schema}-alert-listener`,
    {
      notified: (payload) => onStored(payload && /^\d+$/.test(payload) ? BigInt(payload) : undefined),
      listening: () => onStored(), // whatever was stored while not listening
    },
    logger,
  )
}
