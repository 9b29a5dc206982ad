import { feedEnd, storedAlertCount } from './support/storedAlerts'
import crypto from 'node:crypto'
import WebSocket from 'ws'
import { createClient, type Client } from 'graphql-ws'
import { operation } from './support/operations'
import { crcOfPatient } from '../test/support/demoAccounts'
import { DEFAULT_E2E_ACCOUNT, startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { startOtlpReceiver, type ReceivedSpan } from '../test/support/otlpReceiver'
import { SUBGRAPHS } from '../scripts/run/supergraphProcesses'
import { AE_ALERT_TOPIC } from '../subgraphs/epro/data/alertEventPayload'
import { demoDataset } from '../demo-data'
import { diaryEntryInput } from '../test/support/diaryEntryInput'
import { eventually } from '../test/support/eventually'

// Issue 7, item 2 and 3: one trace from a diary submission to the CRC's screen. A client sends a
// W3C traceparent with the submission; the spans every process exports (to a stand-in collector
// on a real socket) form one trace — gateway, epro, the outbox publish, the Kafka consumption,
// the subscription push, the gateway's completion of the event and its fetches to the other
// subgraphs — and the trace id is on the log lines of the gateway, the subgraphs and the consumer.
jest.setTimeout(180_000)

let supergraph: SupergraphUnderTest
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>
let client: Client | undefined
const data = demoDataset()
const [siteA] = data.studies.sites
const patient = data.patients.patients.find((p) => p.siteId === siteA!.id && p.enrollmentStatus === 'ENROLLED')!

const submit = (patientId: string, painScore: number, headers: Record<string, string> = {}) =>
  supergraph.post(
    operation('SubmitEproEntry'),
    {
      input: diaryEntryInput(patientId, painScore),
    },
    { as: crcOfPatient(patientId), headers },
  )

beforeAll(async () => {
  receiver = await startOtlpReceiver()
  const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '200' }
  supergraph = await startSupergraphUnderTest({
    gatewayEnv: otel,
    subgraphEnv: Object.fromEntries(SUBGRAPHS.map((name) => [name, otel])),
  })
  // A running pipeline first: one alert all the way through (the consumer joins its group in the background).
  const warmUp = data.studies.sites[3]!
  await submit(data.patients.patients.find((p) => p.siteId === warmUp.id && p.enrollmentStatus === 'ENROLLED')!.id, 9)
  await storedAlertCount(supergraph, warmUp.id, 30_000)
})
afterAll(async () => {
  await client?.dispose()
  await supergraph?.stop()
  await receiver?.close()
})

it("follows the trace id a client sends from the diary submission through Kafka to the CRC's screen, in spans and in every process's logs", async () => {
  const crc = crcOfPatient(patient.id)
  const frames: unknown[] = []
  client = createClient({
    url: supergraph.gatewayUrl.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: supergraph.wsConnectionParams(crc),
  })
  client.subscribe(
    // From the feed's end: the alert comes as backlog if it is stored before the subscription reaches epro.
    {
      query: operation('CrcAlertFeed'),
      variables: { siteIds: [siteA!.id], after: await feedEnd(supergraph, [siteA!.id]) },
    },
    { next: (frame) => void frames.push(frame), error: () => {}, complete: () => {} },
  )

  const traceId = crypto.randomBytes(16).toString('hex')
  const clientSpanId = crypto.randomBytes(8).toString('hex')
  const { body } = await submit(patient.id, 9, { traceparent: `00-${traceId}-${clientSpanId}-01` })
  expect(body.errors).toBeUndefined()
  const submissionId = body.data!.submitEproEntry.submission.id as string
  await eventually(() => frames.length > 0, Boolean, 60_000)
  expect(frames).toHaveLength(1)

  // Spans: every process's batch is exported within a few hundred milliseconds.
  const ofTrace = () => receiver.spans.filter((s) => s.traceId === traceId)
  // The alert's path touches every context but the EDC, inventory and exports (an alert carries
  // no form data and no kit, and is no export).
  const ON_THE_PATH = SUBGRAPHS.filter((name) => name !== 'edc' && name !== 'inventory' && name !== 'exports')
  const named = (service: string, name: string) => ofTrace().find((s) => s.service === service && s.name === name)
  const COMPLETED_FROM = ['patients', 'studies', 'users', 'labs']
  /** The gateway's event span above a subgraph's server span, once every span between has arrived. */
  const eventAbove = (subgraph: string, spans: ReceivedSpan[]) => {
    const byId = new Map(spans.map((s) => [s.spanId, s]))
    let up = spans.find((s) => s.service === subgraph && s.kind === 2 /* SERVER */)
    while (up && !(up.service === 'gateway' && up.name === 'subscription event')) up = byId.get(up.parentSpanId)
    return up
  }
  // Each process exports on its own schedule, and one process's spans may come in two batches (a
  // server span ends after its SQL spans): wait for every span the assertions below walk through.
  await eventually(
    () => {
      const spans = ofTrace()
      return (
        !!named('gateway', 'subscription event') &&
        ON_THE_PATH.every((name) => spans.some((s) => s.service === name)) &&
        COMPLETED_FROM.every((subgraph) => eventAbove(subgraph, spans))
      )
    },
    Boolean,
    30_000,
  )
  const spans = ofTrace()
  const byId = new Map(spans.map((s) => [s.spanId, s]))
  const parentOf = (span: ReceivedSpan | undefined) => (span ? byId.get(span.parentSpanId) : undefined)

  // The trace starts at the client's span: the gateway's server span is its child.
  expect(spans.filter((s) => s.parentSpanId === clientSpanId).map((s) => s.service)).toEqual(['gateway'])
  expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['gateway', ...ON_THE_PATH]))
  // The hand-offs: outbox row → Kafka message → stored alert → pushed event → gateway.
  const publish = named('epro', `publish ${AE_ALERT_TOPIC}`)
  const consume = named('epro', `process ${AE_ALERT_TOPIC}`)
  const push = named('epro', 'subscription push')
  const event = named('gateway', 'subscription event')
  expect(parentOf(consume)).toBe(publish)
  expect(parentOf(push)).toBe(consume)
  expect(parentOf(event)).toBe(push)
  // The publish belongs to the request that wrote the outbox row, under the gateway's request.
  let ancestor = parentOf(publish)
  while (ancestor && ancestor.service === 'epro') ancestor = parentOf(ancestor)
  expect(ancestor?.service).toBe('gateway')
  // SQL spans in the subgraphs, and the event's completion fetching from the other subgraphs.
  expect(spans.some((s) => s.service === 'epro' && s.name.startsWith('pg.query'))).toBe(true)
  for (const subgraph of COMPLETED_FROM) expect([subgraph, eventAbove(subgraph, spans)]).toEqual([subgraph, event])

  // Logs: the trace id on the lines of the gateway, the subgraphs and the alert consumer.
  const linesOf = (output: string[]) =>
    output.flatMap((line) => (line.startsWith('{') ? [JSON.parse(line)] : [])).filter((l) => l.trace_id === traceId)
  const gateway = linesOf(supergraph.processes.gateway.output)
  const epro = linesOf(supergraph.processes.subgraphs.epro.output)
  const patients = linesOf(supergraph.processes.subgraphs.patients.output)
  expect(gateway.find((l) => l.msg === 'request served')).toMatchObject({
    operation: 'SubmitEproEntry',
    outcome: 'ok',
    userId: expect.any(String),
    durationMs: expect.any(Number),
    res: { statusCode: 200 },
  })
  expect(gateway.some((l) => l.msg === 'subscription event sent')).toBe(true)
  expect(epro.find((l) => l.msg === 'request served')).toMatchObject({
    operation: expect.stringContaining('SubmitEproEntry'),
    outcome: 'ok',
    userId: gateway[0].userId,
  })
  expect(epro.some((l) => l.msg === 'adverse-event alert stored')).toBe(true)
  expect(patients.some((l) => l.msg === 'request served')).toBe(true)

  // The audit row of the entry names the same trace (read by the study's data manager).
  const audit = await supergraph.post(
    'query($p: ID!) { patient(id: $p) { eproSubmissions(first: 5) { id auditTrail { operation traceId } } } }',
    { p: patient.id },
  )
  const entry = audit.body.data!.patient.eproSubmissions.find((e: { id: string }) => e.id === submissionId)
  expect(entry.auditTrail).toEqual([{ operation: 'CREATE', traceId }])
})

it("keeps a GET query's text and variables out of the gateway's server span", async () => {
  const traceId = crypto.randomBytes(16).toString('hex')
  const url = new URL(supergraph.gatewayUrl)
  url.searchParams.set('query', 'query($s: String!) { patientBySubjectNumber(subjectNumber: $s) { id } }')
  url.searchParams.set('variables', JSON.stringify({ s: patient.subjectNumber }))
  const response = await fetch(url, {
    headers: {
      authorization: `Bearer ${await supergraph.tokenFor(DEFAULT_E2E_ACCOUNT)}`,
      traceparent: `00-${traceId}-${crypto.randomBytes(8).toString('hex')}-01`,
    },
  })
  expect(response.status).toBe(200)
  expect(await response.json()).toEqual({ data: { patientBySubjectNumber: { id: patient.id } } })
  const served = await eventually(
    () => receiver.spans.find((s) => s.traceId === traceId && s.service === 'gateway' && s.kind === 2 /* SERVER */),
    Boolean,
    30_000,
  )
  expect(served?.attributes['url.path']).toBe('/graphql')
  expect(served?.attributes['url.query']).toBe('query=REDACTED&variables=REDACTED')
})
