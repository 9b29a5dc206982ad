import crypto from 'node:crypto'
import pg from 'pg'
import { resolveDatabaseTarget, type DatabaseTarget } from '../../subgraph-runtime/database/target'

/**
 * Tests run against a real Postgres server with two roles, as production does (set by `npm test`,
 * which starts a local server and makes both when none is given, scripts/services/postgres.sh):
 * TEST_DATABASE_URL is the owner, which migrates each subgraph's schema and does the tests' own
 * set-up and clean-up; TEST_SERVICE_DATABASE_URL the service role the servers under test run as,
 * which owns nothing. Each suite gets its own throw-away schemas (end-to-end suites a throw-away
 * database, test/support/seededDatabase.ts), so suites can run in parallel and leave nothing behind.
 */
export function testDatabaseUrl(): string {
  return requiredUrl('TEST_DATABASE_URL')
}

export function testServiceDatabaseUrl(): string {
  return requiredUrl('TEST_SERVICE_DATABASE_URL')
}

function requiredUrl(variable: 'TEST_DATABASE_URL' | 'TEST_SERVICE_DATABASE_URL'): string {
  const url = process.env[variable]
  if (!url)
    throw new Error(
      `${variable} is not set: run the tests with \`npm test\`, which starts Postgres and sets it (or take both URLs from \`bash scripts/services/postgres.sh\`).`,
    )
  return url
}

export function uniqueSchemaName(label: string): string {
  return `t_${label.replace(/[^a-z0-9_]/g, '_')}_${crypto.randomBytes(4).toString('hex')}`
}

/** `base` pointed at another database of the same server. */
export function urlWithDatabase(base: string, database: string): string {
  const url = new URL(base)
  url.pathname = `/${database}`
  return url.toString()
}

/** The owner's URL (or `base`) pointed at `schema`. */
export function urlWithSchema(schema: string, base = testDatabaseUrl()): string {
  const url = new URL(base)
  url.searchParams.set('schema', schema)
  return url.toString()
}

/** A subgraph's database for an in-process server: served by the service role, migrated by the owner. */
export function testDatabaseTarget(subgraph: string, schema: string, poolSize?: number): DatabaseTarget {
  return resolveDatabaseTarget(subgraph, {
    subgraphUrl: urlWithSchema(schema, testServiceDatabaseUrl()),
    subgraphMigrationUrl: urlWithSchema(schema, testDatabaseUrl()),
    poolSize,
  })
}

/**
 * Runs `fn` with a connection as the owner, to the test database or another `database` of the
 * server; `ownerUrl` names another server's owner (the benchmarks' BENCH_DATABASE_URL).
 */
export async function withAdminClient<T>(
  fn: (client: pg.Client) => Promise<T>,
  database?: string,
  ownerUrl = testDatabaseUrl(),
): Promise<T> {
  const client = new pg.Client({ connectionString: database ? urlWithDatabase(ownerUrl, database) : ownerUrl })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Runs `sql` as the owner inside `schema` (DDL a test adds, or what only the owner may try). */
export async function asOwnerIn(schema: string, sql: string): Promise<void> {
  await withAdminClient(async (client) => {
    await client.query(`SET search_path TO "${schema}"`)
    await client.query(sql)
  })
}

export async function dropSchemas(schemas: string[]): Promise<void> {
  if (schemas.length === 0) return
  await withAdminClient(async (client) => {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  })
}
