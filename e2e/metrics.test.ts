import { operation } from './support/operations'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import crypto from 'node:crypto'
import { scrape, total } from '../test/support/prometheus'
import { crcOfPatient } from '../test/support/demoAccounts'
import { AE_ALERT_TOPIC } from '../subgraphs/epro/data/alertEventPayload'
import { SUBGRAPHS } from '../scripts/run/supergraphProcesses'
import { demoDataset } from '../demo-data'
import { diaryEntryInput } from '../test/support/diaryEntryInput'
import { eventually } from '../test/support/eventually'

// Prometheus metrics on the gateway and every subgraph, after real traffic: operation rate and
// latency per service, subgraph fetches by outcome, errors by code, the outbox backlog, Node's own
// metrics — and no ids in any label.
jest.setTimeout(180_000)

let supergraph: SupergraphUnderTest
const data = demoDataset()
const study = data.studies.studies.find((s) => s.protocolId === 'ONC-3017')!
const patient = data.patients.patients.find((p) => p.studyId === study.id && p.enrollmentStatus === 'ENROLLED')!

const FULL_VIEW_SUBGRAPHS = SUBGRAPHS.filter((name) => name !== 'exports')
/** The three successful full views as the client timed them, in seconds. */
let clientSeconds = 0

beforeAll(async () => {
  supergraph = await startSupergraphUnderTest()
  for (let i = 0; i < 3; i++) {
    const started = performance.now()
    await supergraph.post(operation('PatientFullView'), { id: patient.id })
    clientSeconds += (performance.now() - started) / 1000
  }
  await supergraph.post(operation('PatientFullView'), { id: '00000000-0000-4000-8000-000000000000' }) // FORBIDDEN
})
afterAll(() => supergraph?.stop())

it("counts the gateway's operations, subgraph fetches by outcome and errors by code", async () => {
  const samples = await scrape(supergraph.baseUrl)
  expect(
    total(samples, 'graphql_operation_duration_seconds_count', {
      service: 'gateway',
      operation: 'PatientFullView',
      outcome: 'ok',
    }),
  ).toBe(3)
  expect(
    total(samples, 'graphql_operation_duration_seconds_count', {
      service: 'gateway',
      operation: 'PatientFullView',
      outcome: 'error',
    }),
  ).toBe(1)
  expect(total(samples, 'graphql_errors_total', { service: 'gateway', code: 'FORBIDDEN' })).toBe(1)
  // The full view fetches from every subgraph (inventory: the subject's kits and randomisation)
  // but exports, which holds nothing about a patient.
  for (const subgraph of FULL_VIEW_SUBGRAPHS) {
    expect([
      subgraph,
      total(samples, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph, outcome: 'ok' }),
    ]).toEqual([subgraph, expect.any(Number)])
    expect(total(samples, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph })).toBeGreaterThan(0)
  }
  // Seconds, not a unit mistake: the gateway's time for the three requests lies inside the time the
  // client waited for them (milliseconds would be ×1000 over). Bounded by the client's own
  // measure, not a fixed number, so a slow machine slows both sides.
  const serverSeconds = total(samples, 'graphql_operation_duration_seconds_sum', {
    service: 'gateway',
    operation: 'PatientFullView',
    outcome: 'ok',
  })
  expect(serverSeconds).toBeGreaterThan(0)
  expect(serverSeconds).toBeLessThanOrEqual(clientSeconds)
  expect(total(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(10 * 1024 * 1024)
  expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true)
  expect(total(samples, 'gateway_ws_connections')).toBe(0)
})

it("serves each subgraph's own operation metrics, and epro's outbox backlog", async () => {
  // Every subgraph the full views above reached: all but exports, inventory included (kits, allocation).
  for (const name of FULL_VIEW_SUBGRAPHS) {
    const samples = await scrape(supergraph.processes.subgraphs[name].spec.baseUrl)
    expect([name, total(samples, 'graphql_operation_duration_seconds_count', { service: name })]).toEqual([
      name,
      expect.any(Number),
    ])
    expect(total(samples, 'graphql_operation_duration_seconds_count', { service: name })).toBeGreaterThan(0)
  }
  const epro = await scrape(supergraph.processes.subgraphs.epro.spec.baseUrl)
  expect(epro.find((s) => s.name === 'outbox_unpublished_events')?.value).toBe(0)
  expect(epro.find((s) => s.name === 'outbox_oldest_unpublished_age_seconds')?.value).toBe(0)
})

it("reports each subgraph's Postgres pool: connections in use and idle within its maximum, nobody waiting", async () => {
  for (const name of SUBGRAPHS) {
    const samples = await scrape(supergraph.processes.subgraphs[name].spec.baseUrl)
    const max = total(samples, 'pg_pool_max_connections')
    const open = total(samples, 'pg_pool_connections')
    expect([name, max]).toEqual([name, expect.any(Number)])
    expect(max).toBeGreaterThan(0)
    expect(open).toBeGreaterThan(0) // the traffic above opened connections, now idle or in use
    expect(open).toBeLessThanOrEqual(max)
    expect(samples.some((s) => s.name === 'pg_pool_connections' && s.labels.state === 'in_use')).toBe(true)
    expect(total(samples, 'pg_pool_waiting_requests')).toBe(0)
  }
})

it("reports the alert consumer's Kafka lag per partition, back to zero once an alert is stored", async () => {
  const { body } = await supergraph.post(
    operation('SubmitEproEntry'),
    {
      input: diaryEntryInput(patient.id, 9),
    },
    { as: crcOfPatient(patient.id) },
  )
  expect(body.errors).toBeUndefined()
  const lag = await eventually(
    async () =>
      (await scrape(supergraph.processes.subgraphs.epro.spec.baseUrl)).filter((s) => s.name === 'kafka_consumer_lag'),
    (samples) => samples.length > 0,
    30_000,
    250,
  )
  expect(lag.length).toBeGreaterThan(0)
  expect(
    lag.every(
      (s) =>
        s.labels.group === 'epro-alert-store' && s.labels.topic === AE_ALERT_TOPIC && /^\d+$/.test(s.labels.partition!),
    ),
  ).toBe(true)
  expect(lag.reduce((sum, s) => sum + s.value, 0)).toBe(0)
})

it('puts no ids in any label', async () => {
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i
  for (const base of [supergraph.baseUrl, ...SUBGRAPHS.map((n) => supergraph.processes.subgraphs[n].spec.baseUrl)]) {
    const labelled = (await scrape(base)).flatMap((s) => Object.values(s.labels))
    expect(labelled.filter((v) => uuid.test(v))).toEqual([])
  }
})

it("writes one access-log line per request with the client's trace id, the user, the operation and the outcome (tracing not exported)", async () => {
  const traceId = crypto.randomBytes(16).toString('hex')
  await supergraph.post(
    operation('PatientFullView'),
    { id: '00000000-0000-4000-8000-000000000000' },
    { headers: { traceparent: `00-${traceId}-${crypto.randomBytes(8).toString('hex')}-01` } },
  )
  await new Promise((resolve) => setTimeout(resolve, 300)) // the lines reach the captured output
  const accessLines = (output: string[]) =>
    output
      .filter((line) => line.includes(traceId))
      .map((line) => JSON.parse(line))
      .filter((l) => l.msg === 'request served')
  const gateway = accessLines(supergraph.processes.gateway.output)
  expect(gateway).toEqual([
    expect.objectContaining({
      trace_id: traceId,
      operation: 'PatientFullView',
      outcome: 'error',
      errorCodes: ['FORBIDDEN'],
      userId: expect.any(String),
      requestId: expect.any(String),
      durationMs: expect.any(Number),
      req: { method: 'POST', path: '/graphql' },
      res: { statusCode: 200 },
    }),
  ])
  // The subgraph that refused logs the same trace, request id and user.
  const patients = accessLines(supergraph.processes.subgraphs.patients.output)
  expect(patients).toEqual([
    expect.objectContaining({
      trace_id: traceId,
      requestId: gateway[0].requestId,
      userId: gateway[0].userId,
      outcome: 'error',
    }),
  ])
})
