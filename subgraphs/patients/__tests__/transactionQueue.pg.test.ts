import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import { createPatientsPrisma } from '../data/prismaClient'
import { testServiceDatabaseUrl } from '../../../test/support/postgres'

// A transaction that finds every pool connection busy waits for one, as a plain query does. With
// Prisma's default it failed after 2 s ("Unable to start a transaction in the given time"), which a
// CRC saw as INTERNAL_SERVER_ERROR when fifty enrollments arrived at once on a loaded machine.
// One connection here, held by a transaction for 3 s.
const pool = new pg.Pool({ connectionString: testServiceDatabaseUrl(), max: 1 })
const prisma = createPatientsPrisma(new PrismaPg(pool))
afterAll(async () => {
  await prisma.$disconnect()
  await pool.end()
})

it('starts a transaction once a connection is free, though that takes longer than 2 s', async () => {
  const holding = prisma.$transaction((tx) => tx.$executeRawUnsafe('SELECT pg_sleep(3)'))
  await new Promise((resolve) => setTimeout(resolve, 200)) // the holder has the connection
  const started = performance.now()
  const queued = await prisma.$transaction((tx) => tx.$queryRawUnsafe<{ n: number }[]>('SELECT 42 AS n'))
  const waitedMs = performance.now() - started
  expect(queued).toEqual([{ n: 42 }])
  expect(waitedMs).toBeGreaterThan(2000) // it did wait past Prisma's default, and was not refused
  await holding
})
