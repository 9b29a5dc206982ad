import { operation } from './support/operations'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { scrape, total } from '../test/support/prometheus'
import { SUBGRAPHS } from '../scripts/run/supergraphProcesses'
import { demoDataset } from '../demo-data'

// Prometheus metrics on the gateway and every subgraph, after real traffic: operation rate and
// latency per service, subgraph fetches by outcome, errors by code, the outbox backlog, Node's own
// metrics — and no ids in any label.
jest.setTimeout(180_000)

let supergraph: SupergraphUnderTest
const data = demoDataset()
const study = data.studies.studies.find((s) => s.protocolId === 'ONC-3017')!
const patient = data.patients.patients.find((p) => p.studyId === study.id && p.enrollmentStatus === 'ENROLLED')!

beforeAll(async () => {
  supergraph = await startSupergraphUnderTest()
  for (let i = 0; i < 3; i++) await supergraph.post(operation('PatientFullView'), { id: patient.id })
  await supergraph.post(operation('PatientFullView'), { id: '00000000-0000-4000-8000-000000000000' }) // FORBIDDEN
})
afterAll(() => supergraph?.stop())

it('counts the gateway\'s operations, subgraph fetches by outcome and errors by code', async () => {
  const samples = await scrape(supergraph.baseUrl)
  expect(total(samples, 'graphql_operation_duration_seconds_count', { service: 'gateway', operation: 'PatientFullView', outcome: 'ok' })).toBe(3)
  expect(total(samples, 'graphql_operation_duration_seconds_count', { service: 'gateway', operation: 'PatientFullView', outcome: 'error' })).toBe(1)
  expect(total(samples, 'graphql_errors_total', { service: 'gateway', code: 'FORBIDDEN' })).toBe(1)
  for (const subgraph of ['patients', 'epro', 'labs', 'users', 'studies']) {
    expect([subgraph, total(samples, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph, outcome: 'ok' })]).toEqual([subgraph, expect.any(Number)])
    expect(total(samples, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph })).toBeGreaterThan(0)
  }
  const p50 = total(samples, 'graphql_operation_duration_seconds_sum', { service: 'gateway', operation: 'PatientFullView', outcome: 'ok' }) / 3
  expect(p50).toBeGreaterThan(0)
  expect(p50).toBeLessThan(3) // seconds: a sensible value, not a unit mistake
  expect(total(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(10 * 1024 * 1024)
  expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true)
  expect(total(samples, 'gateway_ws_connections')).toBe(0)
})

it('serves each subgraph\'s own operation metrics, and epro\'s outbox backlog', async () => {
  for (const name of SUBGRAPHS) {
    const samples = await scrape(supergraph.processes.subgraphs[name].spec.baseUrl)
    expect([name, total(samples, 'graphql_operation_duration_seconds_count', { service: name })]).toEqual([name, expect.any(Number)])
    expect(total(samples, 'graphql_operation_duration_seconds_count', { service: name })).toBeGreaterThan(0)
  }
  const epro = await scrape(supergraph.processes.subgraphs.epro.spec.baseUrl)
  expect(epro.find((s) => s.name === 'outbox_unpublished_events')?.value).toBe(0)
  expect(epro.find((s) => s.name === 'outbox_oldest_unpublished_age_seconds')?.value).toBe(0)
})

it('puts no ids in any label', async () => {
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i
  for (const base of [supergraph.baseUrl, ...SUBGRAPHS.map((n) => supergraph.processes.subgraphs[n].spec.baseUrl)]) {
    const labelled = (await scrape(base)).flatMap((s) => Object.values(s.labels))
    expect(labelled.filter((v) => uuid.test(v))).toEqual([])
  }
})
