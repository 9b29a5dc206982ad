import crypto from 'node:crypto'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { eproSubgraph } from '../subgraph'
import { createEproContext } from '../context'
import type { EproPrisma } from '../data/prismaClient'
import { createKafkaBus } from '../../../subgraph-runtime/events/kafkaBus'
import { createLogger } from '../../../platform/logging/logger'
import { AE_ALERT_TOPIC } from '../data/alertEventPayload'
import * as f from './fixtures'

// The alert path on a real Kafka broker and real Postgres: a diary entry that breaks a safety rule
// reaches the alert store through outbox → relay → Kafka → consumer group, once; a redelivered
// event stores nothing new. Each run uses its own topic/group namespace on the shared broker.
jest.setTimeout(60_000)

const namespace = `test-${crypto.randomBytes(4).toString('hex')}.`
const brokers = process.env.KAFKA_BROKERS!.split(',')
const clock = { now: new Date('2026-11-21T19:00:00Z') }
let subgraph: SubgraphUnderTest<EproPrisma>

beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(
    {
      ...eproSubgraph,
      createContext: (prisma, scope, background) =>
        createEproContext(prisma, scope, background, { now: () => clock.now }),
    },
    f.seedFixtures,
    { kafkaBrokers: brokers, eventNamespace: namespace },
    f.SITE_CRC,
  )
})
afterAll(() => subgraph?.stop())

const waitFor = async <T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> => {
  const until = Date.now() + timeoutMs
  let value = await probe()
  while (!done(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 25))
    value = await probe()
  }
  return value
}

// How fast alerts travel is measured where speed is measured (bench/ and e2e/alertFanOut): this
// test logs the latency it saw but does not bound it, as a loaded CI machine may take seconds.
it('stores the alert of a pain-9 entry through Kafka', async () => {
  // Warm-up: the consumer joins its group in the background after start (slower on a new broker);
  // the latency logged is a running pipeline's, so wait for one alert to go through first.
  const warmUp = crypto.randomUUID()
  await subgraph.post('mutation($i: SubmitEproEntryInput!) { submitEproEntry(input: $i) { created } }', {
    i: {
      submissionId: warmUp,
      patientId: f.BULK_PATIENTS[2],
      entryDate: '2026-11-21',
      painScore: 9,
      deviceTimestamp: '2026-11-21T18:57:00Z',
    },
  })
  await waitFor(
    () => subgraph.prisma.adverseEventAlert.count({ where: { submissionId: warmUp } }),
    (n) => n > 0,
    30_000,
  )
  const submissionId = crypto.randomUUID()
  const started = performance.now()
  const { body } = await subgraph.post(
    'mutation($i: SubmitEproEntryInput!) { submitEproEntry(input: $i) { created safetySignals { rule } } }',
    {
      // A subject without a baseline week on file: only the severe-pain rule can fire.
      i: {
        submissionId,
        patientId: f.BULK_PATIENTS[1],
        entryDate: '2026-11-21',
        painScore: 9,
        deviceTimestamp: '2026-11-21T18:58:00Z',
      },
    },
  )
  expect(body.data!.submitEproEntry.safetySignals).toEqual([{ rule: 'PAIN_SEVERE' }])
  const alerts = await waitFor(
    () => subgraph.prisma.adverseEventAlert.findMany({ where: { submissionId } }),
    (a) => a.length > 0,
    30_000,
  )
  const ms = performance.now() - started
  console.log(`submission accepted → alert stored via Kafka: ${ms.toFixed(0)} ms`)
  expect(alerts).toHaveLength(1)
  expect(alerts[0]).toMatchObject({
    rule: 'PAIN_SEVERE',
    severity: 'SEVERE',
    patientId: f.BULK_PATIENTS[1],
    siteId: f.SITE,
  })
})

it('stores nothing new when Kafka delivers the same event again', async () => {
  const [event] = await subgraph.prisma.outboxEvent.findMany({ orderBy: { sequence: 'desc' }, take: 1 })
  const before = await subgraph.prisma.adverseEventAlert.count()
  const bus = createKafkaBus({
    brokers,
    clientId: 'redelivery-test',
    logger: createLogger('test', { LOG_LEVEL: 'silent' }),
    namespace,
  })
  await bus.publish([
    {
      id: event!.id,
      topic: AE_ALERT_TOPIC,
      key: event!.key,
      type: event!.eventType,
      payload: event!.payload,
      occurredAt: event!.occurredAt.toISOString(),
    },
  ])
  await bus.close()
  // Give the consumer time to receive it (a marker event published after it proves it was consumed).
  const marker = crypto.randomUUID()
  await subgraph.post('mutation($i: SubmitEproEntryInput!) { submitEproEntry(input: $i) { created } }', {
    i: {
      submissionId: marker,
      patientId: f.BULK_PATIENTS[0],
      entryDate: '2026-11-21',
      painScore: 10,
      deviceTimestamp: '2026-11-21T18:59:00Z',
    },
  })
  await waitFor(
    () => subgraph.prisma.adverseEventAlert.count({ where: { submissionId: marker } }),
    (n) => n > 0,
    5000,
  )
  expect(await subgraph.prisma.adverseEventAlert.count()).toBe(before + 1) // the marker's alert only
  expect(await subgraph.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0)
})
