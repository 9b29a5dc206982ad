import { storedAlertCount } from './support/storedAlerts'
import WebSocket from 'ws'
import { createClient, type Client } from 'graphql-ws'
import { freePortBlock } from '../test/support/freePorts'
import { openInspector, type InspectorSession } from '../test/support/inspector'
import { scrapeMetrics } from '../test/support/prometheus'
import { operation } from './support/operations'
import { crcOfPatient } from '../test/support/demoAccounts'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { demoDataset } from '../demo-data'
import { diaryEntryInput } from '../test/support/diaryEntryInput'
import { eventually } from '../test/support/eventually'

// A thousand CRC screens on one gateway: each gets the alert, identical subscriptions share one
// upstream stream, and once they are gone the gateway holds nothing of them (connections,
// subscriptions, upstream streams back to zero; heap after a full GC back where it was).
jest.setTimeout(300_000)

const SUBSCRIBERS = 1000
const data = demoDataset()
const [siteA, siteB] = data.studies.sites
const patientsOfA = data.patients.patients.filter((p) => p.siteId === siteA!.id && p.enrollmentStatus === 'ENROLLED')
let supergraph: SupergraphUnderTest
let inspector: InspectorSession
let inspectPort: number

const submit = (patientId: string, painScore: number) =>
  supergraph.post(
    operation('SubmitEproEntry'),
    {
      input: diaryEntryInput(patientId, painScore),
    },
    { as: crcOfPatient(patientId) },
  )

const gauges = async () => {
  const m = await scrapeMetrics(supergraph.baseUrl)
  return {
    connections: m.get('gateway_ws_connections'),
    subscriptions: m.get('gateway_subscriptions_active'),
    upstream: m.get('gateway_subscription_streams_upstream'),
  }
}

beforeAll(async () => {
  inspectPort = await freePortBlock(1)
  supergraph = await startSupergraphUnderTest({ gatewayEnv: { NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPort}` } })
  inspector = await openInspector(inspectPort)
  // A running pipeline: one alert all the way through before anything is measured.
  const siteC = data.studies.sites[3]!
  await submit(data.patients.patients.find((p) => p.siteId === siteC.id && p.enrollmentStatus === 'ENROLLED')!.id, 9)
  await storedAlertCount(supergraph, siteC.id, 60_000)
})
afterAll(async () => {
  await inspector?.close()
  await supergraph?.stop()
})

/** `count` CRC screens, each its own connection; 9 in 10 watch site A, the rest sites A and B. */
async function crcScreens(count: number) {
  const screens = Array.from({ length: count }, (_, i) => {
    const client: Client = createClient({
      url: supergraph.gatewayUrl.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: supergraph.wsConnectionParams(),
    })
    const frames: { at: number; data?: any; errors?: unknown }[] = []
    const siteIds = i % 10 === 9 ? [siteA!.id, siteB!.id] : [siteA!.id]
    client.subscribe(
      { query: operation('CrcAlertFeed'), variables: { siteIds } },
      {
        next: (r) => void frames.push({ at: performance.now(), ...r }),
        error: (e) => void frames.push({ at: performance.now(), errors: [e] }),
        complete: () => {},
      },
    )
    return { client, frames }
  })
  await eventually(gauges, (g) => g.subscriptions === count, 60_000)
  return screens
}

/** One round: `SUBSCRIBERS` screens open, one alert reaches all of them, all leave. */
async function round(patientIndex: number) {
  const screens = await crcScreens(SUBSCRIBERS)
  expect(await gauges()).toEqual({ connections: SUBSCRIBERS, subscriptions: SUBSCRIBERS, upstream: 2 }) // two distinct feeds → two upstream streams
  const patient = patientsOfA[patientIndex]!
  const accepted = performance.now()
  const { body } = await submit(patient.id, 9)
  expect(body.errors).toBeUndefined()
  const alerts = body.data!.submitEproEntry.safetySignals.length as number
  await eventually(
    async () => screens.filter((s) => s.frames.length >= alerts).length,
    (n) => n === SUBSCRIBERS,
    60_000, // ends a hung wait; the latencies are measured, not bounded here
  )
  const latencies = screens.map((s) => s.frames[alerts - 1]!.at - accepted).sort((a, b) => a - b)
  for (const { frames } of screens) {
    expect(frames).toHaveLength(alerts)
    expect(frames[0]!.errors).toBeUndefined()
    expect(frames[0]!.data.adverseEventAlerts.patient).toMatchObject({
      subjectNumber: patient.subjectNumber,
      site: { siteNumber: siteA!.siteNumber },
    })
  }
  await Promise.all(screens.map((s) => s.client.dispose()))
  const after = await eventually(
    gauges,
    (g) => g.connections === 0 && g.subscriptions === 0 && g.upstream === 0,
    60_000,
  )
  expect(after).toEqual({ connections: 0, subscriptions: 0, upstream: 0 })
  return {
    p50: latencies[Math.floor(SUBSCRIBERS * 0.5)]!,
    p99: latencies[Math.floor(SUBSCRIBERS * 0.99)]!,
    last: latencies.at(-1)!,
  }
}

it(`delivers an alert to ${SUBSCRIBERS} concurrent subscribers over one upstream stream per feed, and keeps no memory of them once they leave`, async () => {
  const baseline = await inspector.heapUsedAfterGc()
  const first = await round(0)
  const afterFirst = await inspector.heapUsedAfterGc()
  const second = await round(1)
  const afterSecond = await inspector.heapUsedAfterGc()
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)
  console.log(
    `${SUBSCRIBERS} subscribers — alert latency (accepted → frame): round 1 p50 ${first.p50.toFixed(0)} ms, p99 ${first.p99.toFixed(0)} ms, last ${first.last.toFixed(0)} ms; ` +
      `round 2 p50 ${second.p50.toFixed(0)} ms, p99 ${second.p99.toFixed(0)} ms, last ${second.last.toFixed(0)} ms\n` +
      `gateway heap after GC: before ${mb(baseline)} MB, after round 1 ${mb(afterFirst)} MB, after round 2 ${mb(afterSecond)} MB`,
  )
  // A leaked socket or queue per subscriber would add megabytes per round of 1,000. The first round
  // may warm caches (plans, JIT); later rounds may not grow. A busy machine can leave a megabyte of
  // late work (a function compiled late, a buffer pool filled) in one round's measurement: that does
  // not repeat, a leak does — so a round that grew is followed by one more, which may not.
  let [before, after] = [afterFirst, afterSecond]
  if (after - before >= 1024 * 1024) {
    await round(2)
    ;[before, after] = [after, await inspector.heapUsedAfterGc()]
    console.log(`round 2 grew the heap by ${mb(afterSecond - afterFirst)} MB; after round 3 ${mb(after)} MB`)
  }
  expect(after - before).toBeLessThan(1024 * 1024)
  expect(afterFirst - baseline).toBeLessThan(8 * 1024 * 1024)
})
