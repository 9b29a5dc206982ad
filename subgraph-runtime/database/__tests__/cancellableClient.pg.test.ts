import pg from 'pg'
import { cancellableClientClass } from '../cancellableClient'
import { requestWork, WorkCancelledError } from '../requestWork'
import { testDatabaseUrl, testServiceDatabaseUrl } from '../../../test/support/postgres'

// The driver-level half of deadlines, on real Postgres: statements of an aborted request never
// start, and a running one is cancelled inside Postgres when its request aborts. As the service
// role the servers run as, which owns nothing: pg_cancel_backend of its own backends needs no grant.
const config = { connectionString: testServiceDatabaseUrl(), application_name: `cancel_test_${process.pid}` }
const cancellable = cancellableClientClass(config)
const pool = new pg.Pool({ ...config, Client: cancellable.Client, max: 2 })
const admin = new pg.Pool({ connectionString: testDatabaseUrl(), max: 1 })

afterAll(async () => {
  await pool.end()
  await admin.end()
  await cancellable.close()
})

const activeSleeps = async () =>
  (
    await admin.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND state = 'active' AND query LIKE '%pg_sleep%'`,
      [config.application_name],
    )
  ).rowCount

it('runs statements normally outside any request', async () => {
  expect((await pool.query('SELECT 41 + 1 AS answer')).rows).toEqual([{ answer: 42 }])
})

it('refuses to start a statement for a request whose signal already aborted', async () => {
  const controller = new AbortController()
  controller.abort('deadline passed')
  await expect(
    requestWork.run({ signal: controller.signal, budgetMs: 10 }, () => pool.query('SELECT 1')),
  ).rejects.toBeInstanceOf(WorkCancelledError)
})

it('cancels a running statement in Postgres when the request aborts', async () => {
  const controller = new AbortController()
  const started = performance.now()
  const sleeping = requestWork.run({ signal: controller.signal, budgetMs: 100 }, () => pool.query('SELECT pg_sleep(5)'))
  const outcome = sleeping.catch((error: { code?: string }) => error)
  await new Promise((resolve) => setTimeout(resolve, 100))
  expect(await activeSleeps()).toBe(1)
  controller.abort('deadline passed')
  expect(await outcome).toMatchObject({ code: '57014' }) // query_canceled
  expect(performance.now() - started).toBeLessThan(1500)
  // pg_stat_activity trails the backend by a moment (seen under CI load): the statement must be gone
  // within a second, far less than the 5 s it would have slept.
  let remaining = await activeSleeps()
  for (
    const until = performance.now() + 1000;
    remaining !== 0 && performance.now() < until;
    remaining = await activeSleeps()
  )
    await new Promise((resolve) => setTimeout(resolve, 25))
  expect(remaining).toBe(0)
  // The connection survives the cancellation and serves the next statement.
  expect((await pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }])
})
