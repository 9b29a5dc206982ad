import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import { directReads } from '../directReads'
import { cancellableClientClass } from '../cancellableClient'
import { requestWork } from '../requestWork'
import { cancellationOf } from '../../graphql/cancelledWork'
import { testServiceDatabaseUrl } from '../../../test/support/postgres'
import { describeTypes, directReadsOnPglite } from './pgliteDirectReads'

// Reads past Prisma's client on both drivers a subgraph runs on: Postgres (the pool with
// cancellation that openDatabase builds) and PGlite (the embedded default). Values come back as
// Prisma's $queryRaw gives them, which is what the resolvers' types promise.
const cancellable = cancellableClientClass({ connectionString: testServiceDatabaseUrl() })
const pool = new pg.Pool({ connectionString: testServiceDatabaseUrl(), max: 2, Client: cancellable.Client })

afterAll(async () => {
  await pool.end()
  await cancellable.close()
})

const TYPES = `SELECT
  '2026-03-01 08:30:00.123+02'::timestamptz AS at, '2026-03-01'::date AS day, 9007199254740993::int8 AS big,
  42::int AS small, 1.5::float8 AS ratio, true AS yes, 'HH' AS flag, NULL::text AS nothing,
  '{"a": [1, 2]}'::jsonb AS doc, ARRAY['x', 'y'] AS tags, $1::uuid[] AS ids, cardinality($2::int[]) AS n`
const IDS = ['00000000-0000-4000-8000-00000000a001', '00000000-0000-4000-8000-00000000a002']

const EXPECTED = {
  at: new Date('2026-03-01T06:30:00.123Z'),
  day: new Date('2026-03-01T00:00:00.000Z'),
  big: 9007199254740993n,
  small: 42,
  ratio: 1.5,
  yes: true,
  flag: 'HH',
  nothing: null,
  doc: { a: [1, 2] },
  tags: ['x', 'y'],
  ids: IDS,
  n: 3,
}
const NUMERIC = 'SELECT 1.25::numeric AS price'
const UNCONVERTED = /column "price" has a type this reader does not convert; cast it in the SQL/

describe('on Postgres', () => {
  it('gives values as Prisma $queryRaw does: Date, bigint, number, boolean, parsed json, arrays, null', async () => {
    const [row] = await directReads(new PrismaPg(pool)).rows(TYPES, [IDS, [1, 2, 3]])
    expect(row).toEqual(EXPECTED)
  })

  it('refuses a column whose JavaScript type it would have to guess (numeric), naming it', async () => {
    await expect(directReads(new PrismaPg(pool)).rows(NUMERIC)).rejects.toThrow(UNCONVERTED)
  })

  it('reports each statement to the listener', async () => {
    const seen: string[] = []
    const reads = directReads(new PrismaPg(pool), ({ query }) => seen.push(query))
    await reads.rows('SELECT 1 AS one')
    await reads.rows('SELECT $1::int AS two', [2])
    expect(seen).toEqual(['SELECT 1 AS one', 'SELECT $1::int AS two'])
  })
})

it('on PGlite (the embedded default), the same values and the same refusal', async () => {
  const [types, numeric] = await directReadsOnPglite([{ sql: TYPES, args: [IDS, [1, 2, 3]] }, { sql: NUMERIC }])
  expect(types).toEqual({ row: describeTypes(EXPECTED) })
  expect(numeric).toEqual({ error: expect.stringMatching(UNCONVERTED) })
}, 180_000) // ends a hung start: PGlite's start in a child process takes ~6 s idle, 14 s at load 5

it('on Postgres, a read of a request whose deadline passes is cancelled, and known as such', async () => {
  const controller = new AbortController()
  const reads = directReads(new PrismaPg(pool))
  const sleeping = requestWork
    .run({ signal: controller.signal, budgetMs: 100 }, () => reads.rows('SELECT pg_sleep(5) AS slept'))
    .catch((error: unknown) => error)
  setTimeout(() => controller.abort('deadline passed'), 100)
  const started = performance.now()
  const error = await sleeping
  expect(performance.now() - started).toBeLessThan(4800) // not the 5 s sleep (aborted after 100 ms)
  expect(cancellationOf(error)).toBe('subgraph-deadline')
  // A read that starts after the abort does not reach the database at all.
  const refused = await requestWork
    .run({ signal: controller.signal, budgetMs: 100 }, () => reads.rows('SELECT 1 AS one'))
    .catch((e: unknown) => e)
  expect(cancellationOf(refused)).toBe('subgraph-deadline')
})
