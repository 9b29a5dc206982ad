import path from 'node:path'
import { parse as parsePgUrl } from 'pg-connection-string'

/**
 * Where a subgraph keeps its data. Each subgraph owns one database: on a shared Postgres server
 * that is its own schema (default: the subgraph's name, or `?schema=` in the URL); embedded, it is
 * its own PGlite data folder. No subgraph ever reads another's schema or folder.
 */
export type DatabaseTarget =
  | { kind: 'postgres'; url: string; schema: string; poolSize: number; statementTimeoutMs: number }
  | { kind: 'pglite'; dataDir: string }

export interface DatabaseEnv {
  /** Per-subgraph URL, e.g. PATIENTS_DATABASE_URL; wins over the shared one. */
  subgraphUrl?: string
  /** Shared server for all subgraphs (DATABASE_URL). */
  sharedUrl?: string
  /** Folder for embedded PGlite data (DATA_DIR), default `.data`. */
  dataDir?: string
  poolSize?: number
  /** Upper bound for any one statement, whatever the request's deadline (safety net). */
  statementTimeoutMs?: number
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

export function resolveDatabaseTarget(subgraph: string, env: DatabaseEnv): DatabaseTarget {
  const url = env.subgraphUrl || env.sharedUrl
  if (!url) return { kind: 'pglite', dataDir: path.resolve(env.dataDir || '.data', subgraph) }
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new Error(`Database URL for ${subgraph} must start with postgres:// or postgresql://`)
  const schema = new URL(url).searchParams.get('schema') ?? subgraph
  if (!SCHEMA_NAME.test(schema))
    throw new Error(`Invalid Postgres schema name "${schema}" for ${subgraph} (lower-case letters, digits, _).`)
  return {
    kind: 'postgres',
    url,
    schema,
    poolSize: env.poolSize ?? 10,
    statementTimeoutMs: env.statementTimeoutMs ?? 30_000,
  }
}

/** pg connection settings for a target: the URL without `schema`, search_path set to the schema. */
export function pgConnectionConfig(
  target: Extract<DatabaseTarget, { kind: 'postgres' }>,
  applicationName = target.schema,
) {
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

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return `PGlite ${target.dataDir}`
  const u = new URL(target.url)
  return `Postgres ${u.hostname}:${u.port || 5432}${u.pathname} schema "${target.schema}"`
}
