import pg from 'pg'
import { countsBetween, startSqlStatementCounter, type SqlStatementCounter } from '../sqlStatementCounter'

// The relay the benchmarks count SQL with, between a real pg client and real Postgres: what it
// counts is what the client ran, by kind and by text, across the extended and simple protocols.
const url = new URL(process.env.TEST_DATABASE_URL!)
let counter: SqlStatementCounter
let client: pg.Client

beforeAll(async () => {
  counter = await startSqlStatementCounter({ host: url.hostname, port: Number(url.port || 5432) })
  const through = new URL(url)
  through.hostname = '127.0.0.1'
  through.port = String(counter.port)
  client = new pg.Client({ connectionString: through.toString() })
  await client.connect()
})

afterAll(async () => {
  await client.end()
  await counter.close()
})

test('counts parameterised statements (extended protocol) and plain ones (simple protocol) by text', async () => {
  const before = counter.snapshot()
  for (let i = 0; i < 3; i++) await client.query('SELECT $1::int AS n', [i])
  await client.query('SELECT 1')
  const counts = countsBetween(before, counter.snapshot())
  expect(counts.total).toBe(4)
  expect(counts.byKind).toEqual({ SELECT: 4 })
  expect(counts.byText).toEqual({ 'SELECT $1::int AS n': 3, 'SELECT 1': 1 })
})

test('a named prepared statement parsed once counts on every execution', async () => {
  const before = counter.snapshot()
  await client.query('BEGIN')
  for (let i = 0; i < 5; i++)
    await client.query({ name: 'bench-counter-test', text: 'SELECT $1::text AS s', values: [`v${i}`] })
  await client.query('COMMIT')
  const counts = countsBetween(before, counter.snapshot())
  expect(counts.byKind).toEqual({ BEGIN: 1, SELECT: 5, COMMIT: 1 })
  expect(counts.byText['SELECT $1::text AS s']).toBe(5)
})

test('large statements split over several TCP chunks are counted once', async () => {
  const before = counter.snapshot()
  const values = Array.from({ length: 20_000 }, (_, i) => i)
  const { rows } = await client.query('SELECT count(*)::int AS n FROM unnest($1::int[])', [values])
  expect(rows[0].n).toBe(20_000)
  expect(countsBetween(before, counter.snapshot()).total).toBe(1)
})
