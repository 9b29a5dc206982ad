import { seedOnStart, type DemoSeed } from '../demoSeed'
import { openSeedLedger } from '../seedLedger'
import { pgSqlRunner, type SqlRunner } from '../../database/sqlRunner'
import { pgConnectionConfig, resolveDatabaseTarget } from '../../database/target'
import type { PrismaLike } from '../../database/prismaClient'
import { createLogger } from '../../../platform/logging/logger'
import { dropSchemas, uniqueSchemaName, urlWithSchema } from '../../../test/support/postgres'

// The seed ledger on real Postgres: a pass cut short at a chosen batch is completed by the next
// start (the steps it finished skipped, the rest written without duplicates), a completed pass is
// left alone, and new migrations start a new pass. (The users subgraph's real seed, SIGKILLed as a
// process on PGlite and on Postgres, is in e2e/interruptedSeed.test.ts.)
const schema = uniqueSchemaName('seed_ledger')
const logger = createLogger('seed-test', { LOG_LEVEL: 'silent' })
let sql: SqlRunner
/** The raw-SQL part of a Prisma client, over a plain connection to the same schema. */
let prisma: PrismaLike

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}` }))
const PARENTS = ids('parent', 5)
const CHILDREN = ids('child', 25)

/** A two-step seed; the children's write fails at batch `failAtBatch` (1-based) when given. */
function twoSteps(options: {
  parents?: { id: string }[]
  failAtBatch?: number
  written: string[]
}): DemoSeed<PrismaLike> {
  let batch = 0
  const insert = async (table: string, rows: { id: string }[]) => {
    options.written.push(`${table} ${rows.length}`)
    await sql.query(`INSERT INTO ${table} (id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [
      rows.map((r) => r.id),
    ])
  }
  return async (_prisma, run) => {
    await run.table('parents', options.parents ?? PARENTS, (rows) => insert('parent', rows), 2)
    await run.table(
      'children',
      CHILDREN,
      async (rows) => {
        if (++batch === options.failAtBatch) throw new Error('cut short')
        await insert('child', rows)
      },
      10,
    )
  }
}

const counts = async () =>
  (
    await sql.query<{ parents: number; children: number }>(
      'SELECT (SELECT count(*)::int FROM parent) AS parents, (SELECT count(*)::int FROM child) AS children',
    )
  )[0]
const existing = { fresh: false, migrationsApplied: 0 }

beforeAll(async () => {
  const target = resolveDatabaseTarget('users', { subgraphUrl: urlWithSchema(schema) })
  if (target.kind !== 'postgres') throw new Error('expected postgres')
  sql = await pgSqlRunner(pgConnectionConfig(target))
  await sql.script(
    `CREATE SCHEMA "${schema}"; CREATE TABLE parent (id text PRIMARY KEY); CREATE TABLE child (id text PRIMARY KEY);`,
  )
  prisma = { $queryRawUnsafe: (text, ...values) => sql.query(text, values), $disconnect: async () => {} }
})
afterAll(async () => {
  await sql.close()
  await dropSchemas([schema])
})

it('completes a pass cut short at a chosen batch: finished steps skipped, the rest without duplicates', async () => {
  const first: string[] = []
  await expect(
    seedOnStart(
      twoSteps({ failAtBatch: 2, written: first }),
      prisma,
      { fresh: true, migrationsApplied: 3 },
      { logger },
    ),
  ).rejects.toThrow('cut short')
  expect(await counts()).toEqual({ parents: 5, children: 10 })
  const ledger = await openSeedLedger(sql)
  expect(await ledger.read()).toEqual({ finishedSteps: new Map([['parents', 5]]), complete: false })

  const second: string[] = []
  const outcome = await seedOnStart(twoSteps({ written: second }), prisma, existing, { logger })
  expect(outcome).toMatchObject({ pass: 'resume', steps: 2, skipped: 1 })
  expect(second).toEqual(['child 10', 'child 10', 'child 5'])
  expect(await counts()).toEqual({ parents: 5, children: 25 })
  expect(await ledger.read()).toMatchObject({ complete: true })

  const third: string[] = []
  expect(await seedOnStart(twoSteps({ written: third }), prisma, existing, { logger })).toBeUndefined()
  expect(third).toEqual([])
})

it('writes a finished step again when the dataset now has a different number of its rows', async () => {
  await (await openSeedLedger(sql)).recordStep('parents', 5)
  await sql.query(`DELETE FROM "_demo_seed" WHERE step = '(complete)'`)
  const written: string[] = []
  const outcome = await seedOnStart(twoSteps({ parents: ids('parent', 6), written }), prisma, existing, { logger })
  expect(outcome).toMatchObject({ pass: 'resume', skipped: 1 })
  expect(written).toEqual(['parent 2', 'parent 2', 'parent 2'])
  expect(await counts()).toEqual({ parents: 6, children: 25 })
})

it('starts a new pass after new migrations: every step again, idempotently, recorded afresh', async () => {
  const written: string[] = []
  const outcome = await seedOnStart(twoSteps({ written }), prisma, { fresh: false, migrationsApplied: 1 }, { logger })
  expect(outcome).toMatchObject({ pass: 'new', steps: 2, skipped: 0 })
  expect(written).toHaveLength(6)
  expect(await counts()).toEqual({ parents: 6, children: 25 })
  expect(await (await openSeedLedger(sql)).read()).toEqual({
    finishedSteps: new Map([
      ['parents', 5],
      ['children', 25],
    ]),
    complete: true,
  })
})
