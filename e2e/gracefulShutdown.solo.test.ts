import WebSocket from 'ws'
import { createClient } from 'graphql-ws'
import { operation } from './support/operations'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { startSubmissionStream, submitUntilAnswered, type Attempt } from './support/submissionStream'
import { watchReadiness } from './support/readinessWatch'
import { startServiceProcess, type ServiceProcess } from '../scripts/run/serviceProcess'
import { waitUntilReady } from '../scripts/run/readinessWait'
import { demoDataset } from '../demo-data'
import { diaryEntryInput } from '../test/support/diaryEntryInput'
import { eventually } from '../test/support/eventually'
import { alertCursor } from '../subgraphs/epro/alerts/alertCursor'

// SIGTERM during load loses no accepted submission. A steady stream of diary entries goes through
// the gateway while the epro subgraph (then, separately, the gateway) gets SIGTERM: readiness
// turns 503 before the listener closes, the requests in flight when the signal came are answered,
// every entry a client saw accepted is in epro's database once with its outbox events published,
// and the process exits 0 within its bound. Entries refused meanwhile are retried, with the same
// submission id, once the server is back. epro answers 300 ms late on purpose, so that requests are
// always in flight when the signal arrives.
jest.setTimeout(300_000)

// The bound of each process's shutdown here (the default is 10 s): on a loaded machine the drain
// and the outbox's last round take longer, and a test about losing nothing must not fail on that.
// A shutdown past it exits 124, not 0.
const SHUTDOWN_TIMEOUT_MS = 30_000
// /ready answers 503 this long before the listener closes: long enough that a probe answered late
// on a loaded machine still sees "draining" between "ready" and "closed".
const READINESS_DELAY_MS = '5000'
const shutdownEnv = {
  SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
  SHUTDOWN_READINESS_DELAY_MS: READINESS_DELAY_MS,
}
const data = demoDataset()
const enrolled = data.patients.patients.filter((p) => p.enrollmentStatus === 'ENROLLED').map((p) => p.id)
const siteOf = (patientId: string) => data.patients.patients.find((p) => p.id === patientId)!.siteId
let supergraph: SupergraphUnderTest
const restarted: ServiceProcess[] = []

beforeAll(async () => {
  supergraph = await startSupergraphUnderTest({
    subgraphEnv: { epro: { ...shutdownEnv, FAULT_RESPONSE_DELAY_MS: '300' } },
    gatewayEnv: shutdownEnv,
  })
})
afterAll(async () => {
  await Promise.all(restarted.map((p) => p.stop()))
  await supergraph?.stop()
})

const waitFor = async (condition: () => boolean, timeoutMs: number, what: string) => {
  if (!(await eventually(condition, Boolean, timeoutMs, 50))) throw new Error(`timed out waiting for ${what}`)
}

/** How many rows each submission has in epro's database, and how many of its outbox events are unpublished. */
async function storedState(submissionIds: string[]) {
  const schema = supergraph.schemas.epro
  return supergraph.asOwner(async (db) => {
    const rows = await db.query<{ id: string; n: number }>(
      `SELECT id::text, count(*)::int AS n FROM "${schema}".epro_submission WHERE id = ANY($1::uuid[]) GROUP BY id`,
      [submissionIds],
    )
    const events = await db.query<{ total: number; unpublished: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE published_at IS NULL)::int AS unpublished FROM "${schema}".outbox_event WHERE payload->>'submissionId' = ANY($1::text[])`,
      [submissionIds],
    )
    return { copies: new Map(rows.rows.map((r) => [r.id, r.n])), events: events.rows[0]! }
  })
}

/**
 * The cursor of the end of epro's alert feed now. A subscription without a cursor starts at the
 * feed's end when epro gets it — after a sign-in, the graphql-ws handshake (a users round trip for
 * the grants version) and the upstream subscribe — so an alert stored meanwhile would be missed.
 * From this cursor, an alert stored after it comes whichever is first: as backlog or live.
 */
async function alertFeedEnd(): Promise<string> {
  const schema = supergraph.schemas.epro
  const { rows } = await supergraph.asOwner((db) =>
    db.query<{ last: string | null }>(`SELECT max(sequence)::text AS last FROM "${schema}".adverse_event_alert`),
  )
  return alertCursor(BigInt(rows[0]!.last ?? 0))
}

/** SIGTERMs `target` once the stream has had `acceptedFirst` entries accepted; returns what happened. */
async function sigtermUnderLoad(target: ServiceProcess & { output: string[] }, baseUrl: string, patients: string[]) {
  const readiness = watchReadiness(baseUrl)
  const stream = startSubmissionStream(supergraph, patients, 4)
  await waitFor(() => stream.accepted().length >= 20, 60_000, '20 accepted submissions')
  const signalledAt = Date.now()
  target.child.kill('SIGTERM')
  const exitCode = await target.exited
  const exitMs = Date.now() - signalledAt
  // Refusals while it is gone: the stream goes on until one has come (the tests check what they were).
  await eventually(() => stream.attempts.some((a) => a.outcome && !a.outcome.accepted), Boolean, 30_000, 50)
  await Promise.all([stream.stop(), readiness.stop()])
  const inFlightAtSignal = stream.attempts.filter((a) => a.startedAt < signalledAt)
  console.log(`readiness probes of ${target.spec.name}: ${readiness.everyAnswer().join(' → ')}`)
  return { exitCode, exitMs, attempts: stream.attempts, inFlightAtSignal, readiness: readiness.answers() }
}

/** The messages of the process's log lines that are one of `messages`, in the order of their timestamps. */
const logged = (output: string[], messages: string[]) =>
  output
    .flatMap((line) => {
      try {
        const { msg, time } = JSON.parse(line) as { msg?: string; time?: string }
        return msg && time && messages.includes(msg) ? [{ msg, time }] : []
      } catch {
        return []
      }
    })
    .sort((a, b) => a.time.localeCompare(b.time))
    .map((line) => line.msg)

async function expectAcceptedStoredOnceAndPublished(attempts: Attempt[]) {
  const accepted = attempts.filter((a) => a.outcome?.accepted).map((a) => a.input.submissionId)
  const { copies, events } = await storedState(accepted)
  expect(accepted.filter((id) => copies.get(id) !== 1)).toEqual([])
  expect(events.total).toBeGreaterThanOrEqual(accepted.length) // pain 9: at least one alert event each
  return events
}

/** Retries every refused entry with its submission id; each is then accepted (created now or before). */
async function retryRefused(attempts: Attempt[]) {
  const refused = attempts.filter((a) => !a.outcome?.accepted)
  for (const attempt of refused) await submitUntilAnswered(supergraph, attempt)
  expect(refused.filter((a) => !a.outcome?.accepted).map((a) => a.outcome)).toEqual([])
  return {
    retried: refused.length,
    alreadyRecorded: refused.filter((a) => a.outcome?.accepted && !a.outcome.created).length,
  }
}

it('epro gets SIGTERM mid-stream: in-flight entries are answered, accepted ones are stored once and published before it exits 0', async () => {
  const epro = supergraph.processes.subgraphs.epro
  const eproPort = Number(new URL(epro.spec.baseUrl).port)
  const run = await sigtermUnderLoad(epro, epro.spec.baseUrl, enrolled.slice(0, 170))

  expect(run.exitCode).toBe(0)
  expect(run.exitMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS)
  // What a load balancer saw: ready, then draining while the listener was still open, then closed.
  expect(run.readiness).toEqual(['200 ready', '503 draining', 'closed'])
  // The requests in flight when the signal came were finished, not cut.
  expect(run.inFlightAtSignal.filter((a) => !a.outcome?.accepted).map((a) => a.outcome)).toEqual([])
  // Refused while it was down: cleanly, as an unavailable service the client may retry.
  const refusals = run.attempts.filter((a) => a.outcome && !a.outcome.accepted)
  expect(refusals.length).toBeGreaterThan(0)
  expect(new Set(refusals.flatMap((a) => (a.outcome as { codes: string[] }).codes))).toEqual(
    new Set(['SERVICE_UNAVAILABLE']),
  )
  // Before any restart: the last outbox round published every accepted entry's events.
  const events = await expectAcceptedStoredOnceAndPublished(run.attempts)
  expect(events.unpublished).toBe(0)
  const phases = [
    'readiness',
    'subscriptions',
    'http',
    'outbox flush',
    'alert consumer leaves its group',
    'alert tailer and listener',
    'event bus',
    'database',
  ].map((name) => `shutdown: ${name} done`)
  expect(logged(epro.output, phases)).toEqual(phases)
  expect(logged(epro.output, ['epro subgraph shut down cleanly'])).toHaveLength(1)

  // Back on its port: the refused entries go through on retry, each stored once.
  restarted.push(await supergraph.startInstance('epro', eproPort))
  const retry = await retryRefused(run.attempts)
  await expectAcceptedStoredOnceAndPublished(run.attempts)
  console.log(
    `epro SIGTERM: ${run.attempts.length} entries, ${run.inFlightAtSignal.length} started before the signal, all answered; exit 0 after ${run.exitMs} ms; ` +
      `${retry.retried} refused and retried (${retry.alreadyRecorded} had been recorded before)`,
  )
})

it('the gateway gets SIGTERM mid-stream: subscribers get close code 1001, accepted entries are stored once, it exits 0', async () => {
  const gateway = supergraph.processes.gateway
  const site = data.studies.sites[3]! // of the suite's account's study; its patients are not in the first test's share
  let closeCode: number | undefined
  const subscriber = createClient({
    url: supergraph.gatewayUrl.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: supergraph.wsConnectionParams(),
    on: { closed: (event) => void (closeCode = (event as { code: number }).code) },
  })
  // One entry at the watched site proves the subscription is live end to end before the signal.
  const pool = enrolled.slice(170)
  const watched = pool.find((id) => siteOf(id) === site.id)!
  const patients = pool.filter((id) => id !== watched)
  // Nothing is stored at the watched site but the warm-up's alerts from here on (the stream leaves out its patient).
  const alertedPatients: (string | undefined)[] = []
  let failure: unknown
  subscriber.subscribe(
    { query: operation('CrcAlertFeed'), variables: { siteIds: [site.id], after: await alertFeedEnd() } },
    {
      next: (result) => {
        const alert = (result.data as { adverseEventAlerts?: { patient: { id: string } | null } } | null)
          ?.adverseEventAlerts
        if (alert) alertedPatients.push(alert.patient?.id)
        else failure ??= result.errors
      },
      error: (error) => void (failure = error),
      complete: () => {},
    },
  )
  // After the epro test, the gateway's breaker for epro may still be open for its cool-down.
  const warmUp = await submitUntilAnswered(supergraph, { input: diaryEntryInput(watched, 9), startedAt: Date.now() })
  expect(warmUp.outcome).toEqual({ accepted: true, created: true })
  // Generous: on a loaded machine the whole path (outbox, Kafka, consumer, tail, push) can take long.
  await waitFor(
    () => alertedPatients.length > 0 || failure !== undefined,
    120_000,
    'the first alert on the subscription',
  )
  expect(failure).toBeUndefined()
  expect(alertedPatients[0]).toBe(watched)

  const run = await sigtermUnderLoad(gateway, supergraph.baseUrl, patients)

  expect(run.exitCode).toBe(0)
  expect(run.exitMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS)
  expect(closeCode).toBe(1001)
  expect(run.readiness).toEqual(['200 ready', '503 draining', 'closed'])
  expect(run.inFlightAtSignal.filter((a) => !a.outcome?.accepted).map((a) => a.outcome)).toEqual([])
  await expectAcceptedStoredOnceAndPublished(run.attempts)
  expect(
    logged(gateway.output, ['shutdown: readiness done', 'shutdown: subscriptions done', 'shutdown: http done']),
  ).toEqual(['shutdown: readiness done', 'shutdown: subscriptions done', 'shutdown: http done'])
  expect(logged(gateway.output, ['gateway shut down cleanly'])).toHaveLength(1)

  const again = startServiceProcess(gateway.spec, { output: 'capture' })
  restarted.push(again)
  await waitUntilReady(again, { stallTimeoutMs: 60_000 })
  const retry = await retryRefused(run.attempts)
  await expectAcceptedStoredOnceAndPublished(run.attempts)
  // epro kept running: its relay publishes every accepted entry's events as usual.
  const accepted = run.attempts.map((a) => a.input.submissionId)
  expect(
    (
      await eventually(
        () => storedState(accepted),
        (state) => state.events.unpublished === 0,
        30_000,
      )
    ).events.unpublished,
  ).toBe(0)
  console.log(
    `gateway SIGTERM: ${run.attempts.length} entries, ${run.inFlightAtSignal.length} started before the signal, all answered; exit 0 after ${run.exitMs} ms; ${retry.retried} refused and retried`,
  )
})
