import { LRUCache } from 'lru-cache'
import { Counter } from 'prom-client'
import { metrics } from '../../platform/metrics/registry'

const lookups = new Counter({
  name: 'row_cache_lookups_total',
  help: 'Rows looked up through a process-wide row cache, by table and result: hit, miss (read from the database) or bypass (not listening for changes, so read from the database).',
  labelNames: ['table', 'result'] as const,
  registers: [metrics],
})

export interface RowCacheOptions {
  /** Rows kept at most (least recently used go first). */
  maxRows?: number
  /** How long a row may be served at all: the bound should a change notice be lost on a live connection. */
  maxAgeMs?: number
  /** The clock rows age by, in ms (tests move it). */
  now?: () => number
}

/**
 * Rows of one table kept across requests, for a table nearly every request reads and that rarely
 * changes (a context's subject registry, which its access decisions read). It is only as good as
 * what tells it of changes, so it is strict about them:
 * - Rows are served and stored only while `live` (the change feed is listening). A gap in the feed
 *   (the connection lost, or regained) empties it, and until the feed listens again every lookup
 *   goes to the database.
 * - A change evicts its row ('*': every row).
 * - A load that overlapped any change or gap is used but not stored: it may have read the row
 *   before the change committed, and storing it after the eviction would keep the old row.
 * - Misses are never stored: a row that appears is seen by the next request.
 * - Stored rows are frozen: every request shares them.
 */
export function createRowCache<T extends object>(
  table: string,
  keyOf: (row: T) => string,
  { maxRows = 20_000, maxAgeMs = 60_000, now }: RowCacheOptions = {},
) {
  const clock = now ? { perf: { now }, ttlResolution: 0 } : {}
  const rows = new LRUCache<string, T>({ max: maxRows, ttl: maxAgeMs, ...clock })
  let live = false
  // Moves on every change and gap: a load stores its rows only if it has not moved meanwhile.
  let generation = 0
  const hit = lookups.labels(table, 'hit')
  const miss = lookups.labels(table, 'miss')
  const bypass = lookups.labels(table, 'bypass')

  return {
    get live() {
      return live
    },
    get size() {
      return rows.size
    },
    /** A row changed (its key), or every row may have ('*'). */
    changed(key: string) {
      generation += 1
      if (key === '*') rows.clear()
      else rows.delete(key)
    },
    /** The change feed started (true) or stopped (false) listening: whatever it missed is forgotten. */
    setLive(next: boolean) {
      generation += 1
      live = next
      rows.clear()
    },
    /** `load` with this cache in front: rows it holds are served, the others loaded (and stored if safe). */
    through(load: (keys: readonly string[]) => Promise<T[]>) {
      return async (keys: readonly string[]): Promise<T[]> => {
        if (!live) {
          bypass.inc(keys.length)
          return load(keys)
        }
        const found: T[] = []
        const missing: string[] = []
        for (const key of keys) {
          const row = rows.get(key)
          if (row) found.push(row)
          else missing.push(key)
        }
        hit.inc(found.length)
        if (!missing.length) return found
        miss.inc(missing.length)
        const seen = generation
        const loaded = await load(missing)
        if (live && generation === seen) for (const row of loaded) rows.set(keyOf(row), Object.freeze(row))
        return [...found, ...loaded]
      }
    },
  }
}

export type RowCache<T extends object> = ReturnType<typeof createRowCache<T>>
