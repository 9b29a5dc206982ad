import pg from 'pg'

// Jest globalSetup for suites that need Postgres: fail fast with a clear message (never skip).
export default async function requirePostgres(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL
  if (!url)
    throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`, which starts Postgres and sets it.')
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
  } catch (error) {
    throw new Error(`Postgres at TEST_DATABASE_URL is not reachable: ${(error as Error).message}`, { cause: error })
  } finally {
    await client.end().catch(() => {})
  }
}
