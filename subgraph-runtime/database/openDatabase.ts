import fs from 'node:fs'
import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { applyMigrations, type MigrationProgress, type MigrationReport } from './migrations'
import { pgConnectionConfig, type DatabaseTarget } from './target'
import { cancellableClientClass } from './cancellableClient'
import { watchPool } from './poolMetrics'
import { pgliteSqlRunner, pgSqlRunner, type SqlRunner } from './sqlRunner'

/** An opened subgraph database: the driver adapter for its PrismaClient, migrated on open. */
export interface OpenedDatabase {
  adapter: SqlDriverAdapterFactory
  migrations: MigrationReport
  /** True when this open created the data (a new PGlite folder or an empty schema). */
  fresh: boolean
  close(): Promise<void>
}

export async function openDatabase(
  target: DatabaseTarget,
  migrationsDir: string,
  progress?: MigrationProgress,
): Promise<OpenedDatabase> {
  return target.kind === 'postgres'
    ? openPostgres(target, migrationsDir, progress)
    : openPglite(target.dataDir, migrationsDir, progress)
}

async function openPostgres(
  target: Extract<DatabaseTarget, { kind: 'postgres' }>,
  migrationsDir: string,
  progress?: MigrationProgress,
): Promise<OpenedDatabase> {
  const config = pgConnectionConfig(target)
  const runner = await pgSqlRunner(config)
  let migrations: MigrationReport
  try {
    migrations = await applyMigrations(runner, migrationsDir, target.schema, progress)
  } finally {
    await runner.close()
  }
  const cancellable = cancellableClientClass(config)
  // Our pool, not one the adapter makes: its usage is reported at /metrics (pg_pool_*).
  const pool = new pg.Pool({ ...config, max: target.poolSize, Client: cancellable.Client })
  const unwatch = watchPool(pool)
  const adapter = new PrismaPg(pool, { schema: target.schema })
  const close = async () => {
    unwatch()
    await pool.end().catch(() => {})
    await cancellable.close()
  }
  return { adapter, migrations, fresh: migrations.alreadyApplied === 0, close }
}

async function openPglite(
  dataDir: string,
  migrationsDir: string,
  progress?: MigrationProgress,
): Promise<OpenedDatabase> {
  // Loaded lazily: the Wasm Postgres costs start-up time and memory only in embedded mode.
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('pglite-prisma-adapter'),
  ])
  const fresh = !fs.existsSync(dataDir) || fs.readdirSync(dataDir).length === 0
  fs.mkdirSync(dataDir, { recursive: true })
  const db = await PGlite.create(dataDir)
  const runner: SqlRunner = pgliteSqlRunner(db)
  const migrations = await applyMigrations(runner, migrationsDir, undefined, progress)
  return { adapter: new PrismaPGlite(db), migrations, fresh, close: () => db.close() }
}
