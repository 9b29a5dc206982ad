import path from 'node:path'
import { parse as parsePgUrl } from 'pg-connection-string'

/**
 * Where a subgraph keeps its data. Each subgraph owns one database: on a shared Postgres server
 * that is its own schema (default: the subgraph's name, or `?schema=` in the URL); embedded, it is
 * its own PGlite data folder. No subgraph ever reads another's schema or folder.
 *
 * On Postgres, `url` is the service role the server runs as and `migrationUrl` the schema's owner,
 * used at start-up only to migrate and to grant the service role what it needs: a service role
 * that owns nothing cannot switch off the audit trail's triggers (docs/audit-trail.md).
 */
export type DatabaseTarget =
  | {
      kind: 'postgres'
      url: string
      /** The owner's connection; absent, migrations run as the service role (development only). */
      migrationUrl?: string
      schema: string
      poolSize: number
      statementTimeoutMs: number
    }
  | { kind: 'pglite'; dataDir: string }

export type PostgresTarget = Extract<DatabaseTarget, { kind: 'postgres' }>

export interface DatabaseEnv {
  /** Per-subgraph URL, e.g. PATIENTS_DATABASE_URL; wins over the shared one. */
  subgraphUrl?: string
  /** Shared server for all subgraphs (DATABASE_URL). */
  sharedUrl?: string
  /** The schema owner's connection for migrations, per subgraph (e.g. EPRO_MIGRATION_DATABASE_URL); wins over the shared one. */
  subgraphMigrationUrl?: string
  /** The owner's connection for every subgraph's migrations (MIGRATION_DATABASE_URL). */
  sharedMigrationUrl?: string
  /** Folder for embedded PGlite data (DATA_DIR), default `.data`. */
  dataDir?: string
  poolSize?: number
  /** Upper bound for any one statement, whatever the request's deadline (safety net). */
  statementTimeoutMs?: number
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

const POSTGRES_URL = /^postgres(ql)?:\/\//

export function resolveDatabaseTarget(subgraph: string, env: DatabaseEnv): DatabaseTarget {
  const url = env.subgraphUrl || env.sharedUrl
  const migrationUrl = env.subgraphMigrationUrl || env.sharedMigrationUrl || undefined
  if (!url) {
    if (migrationUrl)
      throw new Error(
        `A migration database URL is set for ${subgraph} but no database URL: set DATABASE_URL (or ${subgraph.toUpperCase()}_DATABASE_URL) to the service role's connection too.`,
      )
    return { kind: 'pglite', dataDir: path.resolve(env.dataDir || '.data', subgraph) }
  }
  if (!POSTGRES_URL.test(url))
    throw new Error(`Database URL for ${subgraph} must start with postgres:// or postgresql://`)
  if (migrationUrl && !POSTGRES_URL.test(migrationUrl))
    throw new Error(`Migration database URL for ${subgraph} must start with postgres:// or postgresql://`)
  const schema = new URL(url).searchParams.get('schema') ?? subgraph
  if (!SCHEMA_NAME.test(schema))
    throw new Error(`Invalid Postgres schema name "${schema}" for ${subgraph} (lower-case letters, digits, _).`)
  // The owner migrates the schema the service reads; a `?schema=` of its own must name the same one.
  const migrationSchema = migrationUrl ? new URL(migrationUrl).searchParams.get('schema') : null
  if (migrationSchema !== null && migrationSchema !== schema)
    throw new Error(
      `The migration database URL for ${subgraph} names schema "${migrationSchema}", the database URL "${schema}": they must be the same.`,
    )
  return {
    kind: 'postgres',
    url,
    ...(migrationUrl ? { migrationUrl } : {}),
    schema,
    poolSize: env.poolSize ?? 10,
    statementTimeoutMs: env.statementTimeoutMs ?? 30_000,
  }
}

/** pg connection settings for a target: the URL without `schema`, search_path set to the schema. */
export function pgConnectionConfig(target: PostgresTarget, applicationName = target.schema) {
  const { schema: _ignored, ...parsed } = parsePgUrl(target.url)
  return {
    host: parsed.host ?? undefined,
    port: parsed.port ? Number(parsed.port) : undefined,
    user: parsed.user,
    password: parsed.password,
    database: parsed.database ?? undefined,
    ssl: parsed.ssl === true || typeof parsed.ssl === 'object' ? (parsed.ssl as object | boolean) : undefined,
    // Unqualified names in migrations and raw SQL must resolve inside the subgraph's own schema.
    options: `-c search_path="${target.schema}" -c statement_timeout=${target.statementTimeoutMs}`,
    // Shows which subgraph a backend serves in pg_stat_activity.
    application_name: applicationName,
  }
}

/** The owner's connection settings (the service's when no migration URL is set), for start-up migrations. */
export function migrationConnectionConfig(target: PostgresTarget) {
  return pgConnectionConfig({ ...target, url: target.migrationUrl ?? target.url }, `${target.schema}:migrations`)
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return `PGlite ${target.dataDir}`
  const u = new URL(target.url)
  return `Postgres ${u.hostname}:${u.port || 5432}${u.pathname} schema "${target.schema}"`
}
