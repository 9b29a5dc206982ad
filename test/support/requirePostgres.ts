import pg from 'pg'

// Jest globalSetup for suites that need Postgres: fail fast with a clear message (never skip).
// The servers under test run as the service role, as in production: it must be another role than
// the owner's, or no test would notice a server that needs to own its tables.
export default async function requirePostgres(): Promise<void> {
  const owner = await roleAt('TEST_DATABASE_URL')
  const service = await roleAt('TEST_SERVICE_DATABASE_URL')
  if (owner === service)
    throw new Error(
      `TEST_DATABASE_URL and TEST_SERVICE_DATABASE_URL both log in as "${owner}": the service role must be another role, one that owns nothing (scripts/services/postgres.sh makes both).`,
    )
}

async function roleAt(variable: 'TEST_DATABASE_URL' | 'TEST_SERVICE_DATABASE_URL'): Promise<string> {
  const url = process.env[variable]
  if (!url)
    throw new Error(
      `${variable} is not set: run the tests with \`npm test\`, which starts Postgres and sets it (or take both URLs from \`bash scripts/services/postgres.sh\`).`,
    )
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
    const { rows } = await client.query<{ role: string }>('SELECT current_user AS role')
    return rows[0]!.role
  } catch (error) {
    throw new Error(`Postgres at ${variable} is not reachable: ${(error as Error).message}`, { cause: error })
  } finally {
    await client.end().catch(() => {})
  }
}
