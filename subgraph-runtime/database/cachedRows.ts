import crypto from 'node:crypto'
import type { Logger } from '../../platform/logging/logger'
import type { DatabaseTarget } from './target'
import { listenOnPostgres } from './notificationListener'
import { createRowCache, type RowCache, type RowCacheOptions } from './rowCache'

/**
 * The channel a schema's row-change triggers notify on (the migrations' notify_row_change):
 * channels are database-wide and several subgraphs may share one database, so it names the schema.
 */
export const rowChangeChannel = (schema: string) =>
  `row_change_${crypto.createHash('md5').update(schema).digest('hex').slice(0, 16)}`

export interface CachedRows<T extends object> {
  cache: RowCache<T>
  stop(): Promise<void>
}

/**
 * A process-wide cache of `table`'s rows, kept true by the table's own triggers: every UPDATE that
 * changes a row, every DELETE and every TRUNCATE notifies `table:key` (or `table:*`) when its
 * transaction commits, whoever the writer. On embedded PGlite nothing listens (one process, and
 * speed is not its purpose): the cache is never live and every lookup reads the table.
 */
export function cacheRowsOf<T extends object>(
  target: DatabaseTarget,
  table: string,
  keyOf: (row: T) => string,
  logger: Logger,
  options?: RowCacheOptions,
): CachedRows<T> {
  const cache = createRowCache(table, keyOf, options)
  if (target.kind !== 'postgres') return { cache, stop: async () => {} }
  const prefix = `${table}:`
  const listener = listenOnPostgres(
    target,
    rowChangeChannel(target.schema),
    `${target.schema}-row-changes`,
    {
      notified: (payload) => {
        if (payload === undefined) cache.changed('*')
        else if (payload.startsWith(prefix)) cache.changed(payload.slice(prefix.length))
      },
      listening: () => cache.setLive(true),
      lost: () => cache.setLive(false),
    },
    logger,
  )
  return {
    cache,
    async stop() {
      cache.setLive(false)
      await listener.stop()
    },
  }
}

/**
 * A context's copy of the subject registry (patient → study and site), which every entity fetch
 * reads for its access check: cached process-wide as above, keyed by patient.
 */
export function cacheSubjectRegistry<T extends { patientId: string }>(
  target: DatabaseTarget,
  logger: Logger,
): CachedRows<T> {
  return cacheRowsOf<T>(target, 'subject', (subject) => subject.patientId, logger)
}

/** `load` with `cache` in front when the process keeps one (its background is running), else `load` alone. */
export function readThrough<T extends object>(
  cache: RowCache<T> | undefined,
  load: (keys: readonly string[]) => Promise<T[]>,
): (keys: readonly string[]) => Promise<T[]> {
  return cache ? cache.through(load) : load
}
