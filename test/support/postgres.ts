import crypto from 'node:crypto'
import pg from 'pg'

/**
 * Tests run against a real Postgres server: TEST_DATABASE_URL (set by `npm test`, which starts a
 * local server when none is given). Each suite gets its own throw-away schemas, so suites can run
 * in parallel and leave nothing behind.
 */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL
  if (!url)
    throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`, which starts Postgres and sets it.')
  return url
}

export function uniqueSchemaName(label: string): string {
  return `t_${label.replace(/[^a-z0-9_]/g, '_')}_${crypto.randomBytes(4).toString('hex')}`
}

export function urlWithSchema(schema: string): string {
  const url = new URL(testDatabaseUrl())
  url.searchParams.set('schema', schema)
  return url.toString()
}

export async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export async function dropSchemas(schemas: string[]): Promise<void> {
  if (schemas.length === 0) return
  await withAdminClient(async (client) => {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  })
}
