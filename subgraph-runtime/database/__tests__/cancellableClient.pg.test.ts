import pg from 'pg'
import { cancellableClientClass } from '../cancellableClient'
import { requestWork, WorkCancelledError } from '../requestWork'
import { testDatabaseUrl, testServiceDatabaseUrl } from '../../../test/support/postgres'
import { eventually } from '../../../test/support/eventually'

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

/**
 * The sleeping statement as Postgres saw it: still running, or how long it ran by Postgres' own
 * clock (from query_start until its backend went idle), which no slowness of this test changes.
 */
const sleepStatement = async () => {
  const { rows } = await admin.query<{ state: string; ran_ms: number }>(
    `SELECT state, extract(epoch FROM state_change - query_start) * 1000 AS ran_ms FROM pg_stat_activity
     WHERE application_name = $1 AND query LIKE '%pg_sleep%'`,
    [config.application_name],
  )
  return rows.map((r) => ({ state: r.state, ranMs: Number(r.ran_ms) }))
}

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
  const SLEEP_MS = 5000
  // A client of its own rather than pool.query, which ends a connection whose statement failed:
  // this one stays, so Postgres still shows how long its statement ran, and it serves the next.
  const client = await pool.connect()
  try {
    const controller = new AbortController()
    const sleeping = requestWork.run({ signal: controller.signal, budgetMs: 100 }, () =>
      client.query(`SELECT pg_sleep(${SLEEP_MS / 1000})`),
    )
    const outcome = sleeping.catch((error: { code?: string }) => error)
    expect(await eventually(activeSleeps, (n) => n === 1, 10_000, 20)).toBe(1)
    controller.abort('deadline passed')
    expect(await outcome).toMatchObject({ code: '57014' }) // query_canceled
    // pg_stat_activity trails the backend by a moment (seen under CI load): wait until the statement
    // is no longer running, then ask Postgres how long it ran. Under its 5 s it was cut short.
    const seen = await eventually(sleepStatement, (rows) => rows[0]?.state === 'idle', 30_000, 25)
    expect(seen).toEqual([{ state: 'idle', ranMs: expect.any(Number) }])
    expect(seen[0]!.ranMs).toBeLessThan(SLEEP_MS - 500)
    // The connection survives the cancellation and serves the next statement.
    expect((await client.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }])
  } finally {
    client.release()
  }
})
