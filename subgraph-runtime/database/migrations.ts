import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { SqlRunner } from './sqlRunner'

/**
 * Applies the committed Prisma migrations (prisma/<subgraph>/migrations/*) at start-up. It keeps
 * Prisma's own bookkeeping table and lock, so `prisma migrate status|deploy` agree with it:
 * checksum = SHA-256 of migration.sql, advisory lock 72707369. Each migration and its row commit
 * in one transaction, so a failed migration leaves nothing half-applied. `afterMigrations` runs
 * under the same lock (the grants to the service role, which concurrent starts must not interleave).
 */
const PRISMA_MIGRATE_LOCK = 72707369

export interface MigrationReport {
  applied: string[]
  alreadyApplied: number
}

export function listMigrations(dir: string): { name: string; sql: string; checksum: string }[] {
  if (!fs.existsSync(dir)) throw new Error(`Migrations folder not found: ${dir}`)
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') }
    })
}

/** Called before each pending migration: its name, how many are done, how many there are. */
export type MigrationProgress = (step: { name: string; done: number; total: number }) => void

export async function applyMigrations(
  sql: SqlRunner,
  dir: string,
  schema?: string,
  options: { afterMigrations?: (sql: SqlRunner) => Promise<void>; progress?: MigrationProgress } = {},
): Promise<MigrationReport> {
  const migrations = listMigrations(dir)
  await sql.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK])
  try {
    if (schema) await sql.script(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
    await sql.script(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`)
    const rows = await sql.query<{
      migration_name: string
      checksum: string
      finished_at: Date | null
      rolled_back_at: Date | null
    }>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"')
    const failed = rows.filter((r) => !r.finished_at && !r.rolled_back_at)
    if (failed.length > 0) {
      throw new Error(
        `Database has failed migrations (${failed.map((r) => r.migration_name).join(', ')}); resolve them before starting.`,
      )
    }
    const done = new Map(
      rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => [r.migration_name, r.checksum]),
    )
    const known = new Set(migrations.map((m) => m.name))
    const unknown = [...done.keys()].filter((name) => !known.has(name))
    if (unknown.length > 0)
      throw new Error(
        `Database has migrations this code does not know (${unknown.join(', ')}): is the code older than the database?`,
      )

    for (const m of migrations) {
      const checksum = done.get(m.name)
      if (checksum !== undefined && checksum !== m.checksum)
        throw new Error(
          `Migration ${m.name} was edited after it was applied (checksum differs); add a new migration instead.`,
        )
    }
    const pending = migrations.filter((m) => !done.has(m.name))
    const applied: string[] = []
    for (const m of pending) {
      options.progress?.({ name: m.name, done: applied.length, total: pending.length })
      // A turn of the event loop between migrations: embedded PGlite's statements never give one,
      // and the boot status server has to answer meanwhile.
      await new Promise((resolve) => setImmediate(resolve))
      await sql.script('BEGIN')
      try {
        await sql.script(m.sql)
        await sql.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [crypto.randomUUID(), m.checksum, m.name],
        )
        await sql.script('COMMIT')
      } catch (error) {
        await sql.script('ROLLBACK')
        throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`, { cause: error })
      }
      applied.push(m.name)
    }
    await options.afterMigrations?.(sql)
    return { applied, alreadyApplied: done.size }
  } finally {
    await sql.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK])
  }
}
