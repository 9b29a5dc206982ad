import fs from 'node:fs'
import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { applyMigrations, type MigrationProgress, type MigrationReport } from './migrations'
import { pgConnectionConfig, type DatabaseTarget, type PostgresTarget } from './target'
import { cancellableClientClass } from './cancellableClient'
import { watchPool } from './poolMetrics'
import { prepareSchema } from './prepareSchema'
import { pgliteSqlRunner, type SqlRunner } from './sqlRunner'

/** An opened subgraph database: the driver adapter for its PrismaClient, migrated on open. */
export interface OpenedDatabase {
  adapter: SqlDriverAdapterFactory
  migrations: MigrationReport
  /** True when this open created the data (a new PGlite folder or an empty schema). */
  fresh: boolean
  /** Postgres: the role the server runs as and the one that migrated (the same without MIGRATION_DATABASE_URL). */
  roles?: { service: string; owner: string }
  /** What to log at start-up: a service role that could alter the audit trail (refused in production). */
  warnings: string[]
  close(): Promise<void>
}

export interface OpenOptions {
  /** Production refuses a service role that owns its schema (prepareSchema). */
  production: boolean
  /** Called before each pending migration (the boot status shows it). */
  progress?: MigrationProgress
}

export async function openDatabase(
  target: DatabaseTarget,
  migrationsDir: string,
  options: OpenOptions,
): Promise<OpenedDatabase> {
  return target.kind === 'postgres'
    ? openPostgres(target, migrationsDir, options)
    : openPglite(target.dataDir, migrationsDir, options.progress)
}

async function openPostgres(
  target: PostgresTarget,
  migrationsDir: string,
  options: OpenOptions,
): Promise<OpenedDatabase> {
  const { migrations, roles, warnings } = await prepareSchema(target, migrationsDir, options)
  const config = pgConnectionConfig(target)
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
  return { adapter, migrations, fresh: migrations.alreadyApplied === 0, roles, warnings, close }
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
  const migrations = await applyMigrations(runner, migrationsDir, undefined, { progress })
  // Embedded: one process, no roles; the triggers alone keep the trail append-only.
  return { adapter: new PrismaPGlite(db), migrations, fresh, warnings: [], close: () => db.close() }
}
