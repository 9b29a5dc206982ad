import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import { createPatientsPrisma } from '../data/prismaClient'
import { testServiceDatabaseUrl } from '../../../test/support/postgres'
import {
  isAbandonedTransaction,
  reportAbandonedTransactions,
} from '../../../subgraph-runtime/graphql/abandonedTransactions'
import { createLogger } from '../../../platform/logging/logger'

// A transaction that finds every pool connection busy waits for one, as a plain query does. With
// Prisma's default it failed after 2 s ("Unable to start a transaction in the given time"), which a
// CRC saw as INTERNAL_SERVER_ERROR when fifty enrollments arrived at once on a loaded machine.
// One connection here, held by a transaction until the test lets it go.
const pool = new pg.Pool({ connectionString: testServiceDatabaseUrl(), max: 1 })
const prisma = createPatientsPrisma(new PrismaPg(pool))
afterAll(async () => {
  await prisma.$disconnect()
  await pool.end()
})

/**
 * Takes the pool's one connection in a transaction and resolves once its statement has run on it;
 * the transaction ends when `release` is called. A gate, not a sleep: how long the connection is
 * held is what the tests say, however slowly the machine gets round to the next step.
 */
async function holdTheConnection() {
  let held!: () => void
  let release!: () => void
  const holds = new Promise<void>((resolve) => (held = resolve))
  const released = new Promise<void>((resolve) => (release = resolve))
  const done = prisma.$transaction(async (tx) => {
    await tx.$queryRawUnsafe('SELECT 1')
    held()
    await released
  })
  await Promise.race([holds, done]) // a holder that fails says so here
  return { release, done }
}

it('starts a transaction once a connection is free, though that takes longer than 2 s', async () => {
  const holder = await holdTheConnection()
  const started = performance.now()
  setTimeout(holder.release, 3000)
  const queued = await prisma.$transaction((tx) => tx.$queryRawUnsafe<{ n: number }[]>('SELECT 42 AS n'))
  const waitedMs = performance.now() - started
  expect(queued).toEqual([{ n: 42 }])
  expect(waitedMs).toBeGreaterThan(2000) // it did wait past Prisma's default, and was not refused
  await holder.done
})

// Past its bounds, a transaction Prisma gives up on commits nothing and tells the client so: the
// two real Prisma errors (short bounds here, per call) go out as DATABASE_BUSY, not as an internal
// error, and what the transaction did is gone.
describe('a transaction the database cannot serve in time', () => {
  const format = reportAbandonedTransactions(
    () => {
      throw new Error('reached the masking: would be INTERNAL_SERVER_ERROR')
    },
    createLogger('test', { LOG_LEVEL: 'silent' }),
  )
  const answered = (error: unknown) =>
    format({ message: String((error as Error).message), path: ['enrollPatient'] }, error).extensions

  it('is DATABASE_BUSY when no connection comes free before maxWait', async () => {
    const holder = await holdTheConnection()
    const refused = await prisma
      .$transaction((tx) => tx.$queryRawUnsafe('SELECT 1'), { maxWait: 100 })
      .then(
        () => null,
        (error: unknown) => error,
      )
    holder.release()
    await holder.done
    expect(isAbandonedTransaction(refused)).toBe(true)
    expect(answered(refused)).toEqual({ code: 'DATABASE_BUSY', retryAfterSeconds: 1 })
  })

  it('is DATABASE_BUSY when it runs past its timeout, and what it did is rolled back', async () => {
    // A session setting made inside a transaction (is_local false) outlives it only if it commits.
    const expired = await prisma
      .$transaction(
        async (tx) => {
          await tx.$queryRawUnsafe("SELECT set_config('trial.probe', 'written', false)")
          await tx.$executeRawUnsafe('SELECT pg_sleep(0.6)')
          await tx.$queryRawUnsafe('SELECT 1')
        },
        { timeout: 300 },
      )
      .then(
        () => null,
        (error: unknown) => error,
      )
    expect(isAbandonedTransaction(expired)).toBe(true)
    expect(answered(expired)).toEqual({ code: 'DATABASE_BUSY', retryAfterSeconds: 1 })
    const [probe] = await prisma.$queryRawUnsafe<{ value: string | null }[]>(
      "SELECT current_setting('trial.probe', true) AS value",
    )
    expect(probe!.value ?? '').toBe('')
  })
})
