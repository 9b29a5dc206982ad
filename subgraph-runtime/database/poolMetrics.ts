import type pg from 'pg'
import { Gauge } from 'prom-client'
import { metrics } from '../../platform/metrics/registry'

// Read at scrape time from the pools themselves: nothing to keep in step on every checkout.
const pools = new Set<pg.Pool>()
const sum = (read: (pool: pg.Pool) => number) => [...pools].reduce((total, pool) => total + read(pool), 0)

new Gauge({
  name: 'pg_pool_connections',
  help: "Postgres connections of this process's pool, by state: in_use (checked out by a query or transaction) or idle.",
  labelNames: ['state'] as const,
  registers: [metrics],
  collect() {
    this.set(
      { state: 'in_use' },
      sum((p) => p.totalCount - p.idleCount),
    )
    this.set(
      { state: 'idle' },
      sum((p) => p.idleCount),
    )
  },
})

new Gauge({
  name: 'pg_pool_max_connections',
  help: 'Most connections the pool may open (DATABASE_POOL_SIZE): in_use at this value means queries queue.',
  registers: [metrics],
  collect() {
    this.set(sum((p) => p.options.max ?? 10))
  },
})

new Gauge({
  name: 'pg_pool_waiting_requests',
  help: 'Queries and transactions waiting for a free connection of the pool.',
  registers: [metrics],
  collect() {
    this.set(sum((p) => p.waitingCount))
  },
})

/** Reports this pool in the gauges above; call the returned function when the pool ends. */
export function watchPool(pool: pg.Pool): () => void {
  pools.add(pool)
  return () => void pools.delete(pool)
}
