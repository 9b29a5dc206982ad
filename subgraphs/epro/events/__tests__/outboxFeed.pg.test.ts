import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { openDatabase, type OpenedDatabase } from '../../../../subgraph-runtime/database/openDatabase'
import { createLogger } from '../../../../platform/logging/logger'
import { assertionKey } from '../../../../contracts/gatewayAssertion'
import { SERVICE_ASSERTION_HEADER } from '../../../../contracts/serviceAssertion'
import { dropSchemas, testDatabaseTarget, uniqueSchemaName } from '../../../../test/support/postgres'
import { TEST_AUTH_SECRET } from '../../../../test/support/gatewayCredentials'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../../test/support/subgraphUnderTest'
import { eventually } from '../../../../test/support/eventually'
import { eproSubgraph } from '../../subgraph'
import type { EproPrisma } from '../../data/prismaClient'
import type { EproBackground } from '../eproBackground'
import type { BusMessage, EventBus, MessageHandler } from '../../../../subgraph-runtime/events/eventBus'
import { createOutboxFeedBus } from '../../../../subgraph-runtime/events/outboxFeedBus'
import { topicName, write } from './outboxTestEvents'

// Embedded mode's events between processes (docs/events.md): a real epro server is the producer
// (its relay stamps feed positions, its /events route serves them), and a consumer in "another
// subgraph" reads them with the outbox feed bus, keeping its offsets in a database of its own.
// The route's own checks (who may read it, malformed queries, held polls): outboxFeedRoute.pg.test.ts.
jest.setTimeout(60_000)

const key = assertionKey(TEST_AUTH_SECRET)
const logger = createLogger('patients', { LOG_LEVEL: 'silent' })
let producer: SubgraphUnderTest<EproPrisma, EproBackground>
let feedUrl: string
const consumerSchema = uniqueSchemaName('feed_consumer')
let consumerDb: OpenedDatabase
let consumer: EproPrisma
const buses: EventBus[] = []

beforeAll(async () => {
  producer = await startSubgraphUnderTest(eproSubgraph, undefined, { kafkaBrokers: undefined })
  feedUrl = producer.url.replace(/\/graphql$/, '')
  // The consumer's own database: epro's migrations carry event_feed_offset for now.
  consumerDb = await openDatabase(testDatabaseTarget('epro', consumerSchema, 2), eproSubgraph.migrationsDir, {
    production: false,
  })
  consumer = eproSubgraph.createPrisma(consumerDb.adapter)
})
afterAll(async () => {
  await Promise.all(buses.map((bus) => bus.close()))
  await producer?.stop()
  await consumer?.$disconnect()
  await consumerDb?.close()
  await dropSchemas([consumerSchema])
})

const feedBus = () => {
  const bus = createOutboxFeedBus({
    self: 'patients',
    producerOf: () => 'epro',
    feedUrlOf: () => feedUrl,
    db: consumer,
    authKey: key,
    logger,
    retryDelayMs: 50,
  })
  buses.push(bus)
  return bus
}

const relayNow = () => producer.background!.alerts.relay.kick()
const positionsOf = async (ids: string[]) => {
  const rows = await producer.prisma.$queryRaw<{ id: string; sequence: bigint; position: bigint | null }[]>`
    SELECT id, sequence, feed_position AS position FROM outbox_event WHERE id = ANY(${ids}::uuid[])`
  return new Map(rows.map((r) => [r.id, r]))
}
/**
 * Waits (up to `ms`, which only ends a hung wait) until `list` holds at least `n` items; the
 * assertions that follow say what was seen.
 */
const untilCount = (list: unknown[], n: number, ms: number) =>
  eventually(
    () => list.length,
    (count) => count >= n,
    ms,
    20,
  )
const collector = () => {
  const handled: BusMessage[] = []
  const handler: MessageHandler = async (message) => {
    handled.push(message)
  }
  return { handled, handler }
}

it('numbers events in commit order: a row that commits after its successors were read is delivered, not skipped', async () => {
  const topic = topicName()
  const { handled, handler } = collector()
  await feedBus().subscribe(topic, 'interleaved', handler)
  let commitLate!: () => void
  const late = new Promise<void>((resolve) => (commitLate = resolve))
  let lateId!: string
  let written!: () => void
  const lateWritten = new Promise<void>((resolve) => (written = resolve))
  // The first writer takes the lower sequence, then waits to commit until the consumer has read past it.
  const first = producer.prisma.$transaction(
    async (tx) => {
      lateId = await write(tx, topic, 'k', 1)
      written()
      await late
    },
    { timeout: 30_000 },
  )
  await lateWritten
  const earlyId = await write(producer.prisma, topic, 'k', 2)
  relayNow()
  await untilCount(handled, 1, 30_000)
  expect(handled.map((m) => m.id)).toEqual([earlyId])
  commitLate()
  await first
  relayNow()
  await untilCount(handled, 2, 30_000)
  expect(handled.map((m) => m.id)).toEqual([earlyId, lateId])
  const rows = await positionsOf([earlyId, lateId])
  expect(rows.get(lateId)!.sequence).toBeLessThan(rows.get(earlyId)!.sequence)
  expect(rows.get(lateId)!.position!).toBeGreaterThan(rows.get(earlyId)!.position!)
})

it('delivers 500 events written by concurrent transactions once each, in position order, with no gap in the positions', async () => {
  const topic = topicName()
  const { handled, handler } = collector()
  await feedBus().subscribe(topic, 'many', handler)
  const writers = 25
  const perWriter = 20
  // Each writer commits its events one transaction at a time (in its own order); writers interleave.
  const written = await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const ids: string[] = []
      for (let n = 0; n < perWriter; n++) {
        ids.push(
          await producer.prisma.$transaction(
            async (tx) => {
              const id = await write(tx, topic, `writer-${w}`, n)
              await tx.$executeRaw`SELECT pg_sleep(${Math.random() * 0.005})`
              return id
            },
            { maxWait: 30_000 },
          ),
        )
        if (n % 7 === 0) relayNow()
      }
      return ids
    }),
  )
  relayNow()
  await untilCount(handled, writers * perWriter, 30_000)
  await new Promise((resolve) => setTimeout(resolve, 300)) // anything extra would show now
  const ids = handled.map((m) => m.id)
  expect(ids).toHaveLength(writers * perWriter)
  expect(new Set(ids).size).toBe(writers * perWriter)
  expect(new Set(ids)).toEqual(new Set(written.flat()))
  // Per key (writer), the order it committed in.
  for (const [w, own] of written.entries())
    expect(handled.filter((m) => m.key === `writer-${w}`).map((m) => m.id)).toEqual(own)
  // Positions: delivered in increasing order, and the whole outbox is numbered 1..N with no gap or reuse.
  const positions = await positionsOf(ids)
  const delivered = ids.map((id) => positions.get(id)!.position!)
  expect(delivered).toEqual([...delivered].sort((a, b) => (a < b ? -1 : 1)))
  const [all] = await producer.prisma.$queryRaw<{ n: bigint; distinct: bigint; max: bigint }[]>`
    SELECT count(feed_position) AS n, count(DISTINCT feed_position) AS distinct, max(feed_position) AS max FROM outbox_event`
  expect(all).toEqual({ n: all!.max, distinct: all!.max, max: all!.max })
})

it('resumes a restarted consumer from its stored offset: nothing handled twice, nothing missed', async () => {
  const topic = topicName()
  const before = collector()
  const bus = feedBus()
  const subscription = await bus.subscribe(topic, 'restarting', before.handler)
  const first = [await write(producer.prisma, topic, 'k', 1), await write(producer.prisma, topic, 'k', 2)]
  relayNow()
  await untilCount(before.handled, 2, 30_000)
  await subscription.stop()
  await bus.close()
  const [stored] = await consumer.$queryRaw<{ position: bigint }[]>`
    SELECT last_position AS position FROM event_feed_offset WHERE consumer_group = 'restarting' AND topic = ${topic}`
  expect(stored!.position).toBe((await positionsOf(first)).get(first[1]!)!.position)

  const later = [await write(producer.prisma, topic, 'k', 3), await write(producer.prisma, topic, 'k', 4)]
  relayNow()
  const after = collector()
  await feedBus().subscribe(topic, 'restarting', after.handler)
  await untilCount(after.handled, 2, 30_000)
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(before.handled.map((m) => m.id)).toEqual(first)
  expect(after.handled.map((m) => m.id)).toEqual(later)
  // Another group starts from the beginning: offsets are per group.
  const other = collector()
  await feedBus().subscribe(topic, 'another-group', other.handler)
  await untilCount(other.handled, 4, 30_000)
  expect(other.handled.map((m) => m.id)).toEqual([...first, ...later])
})

it('gives a throwing handler the same event again, and later events of its key wait for it', async () => {
  const topic = topicName()
  const calls: string[] = []
  let failuresLeft = 2
  await feedBus().subscribe(topic, 'retrying', async (message) => {
    calls.push(message.id)
    if ((message.payload as { n: number }).n === 1 && failuresLeft-- > 0) throw new Error('not yet')
  })
  const one = await write(producer.prisma, topic, 'k', 1)
  const two = await write(producer.prisma, topic, 'k', 2)
  relayNow()
  await untilCount(calls, 4, 30_000)
  expect(calls).toEqual([one, one, one, two])
})

it('keeps asking a producer that is down, with back-off, and skips nothing once it answers', async () => {
  const topic = topicName()
  // The producer seen through a switch: 503 while "down", the real feed once "up".
  let down = true
  let refused = 0
  const proxy = http.createServer((req, res) => {
    if (down) {
      refused += 1
      res.writeHead(503).end('down')
      return
    }
    void fetch(`${feedUrl}${req.url}`, {
      headers: { [SERVICE_ASSERTION_HEADER]: req.headers[SERVICE_ASSERTION_HEADER] as string },
    }).then(async (answer) =>
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text()),
    )
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  try {
    const bus = createOutboxFeedBus({
      self: 'patients',
      producerOf: () => 'epro',
      feedUrlOf: () => `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      db: consumer,
      authKey: key,
      logger,
    })
    buses.push(bus)
    const { handled, handler } = collector()
    await bus.subscribe(topic, 'patient-reader', handler)
    const ids = [await write(producer.prisma, topic, 'k', 1), await write(producer.prisma, topic, 'k', 2)]
    relayNow()
    await eventually(
      () => refused,
      (n) => n >= 3,
      30_000,
      20,
    )
    expect(handled).toEqual([])
    down = false
    await untilCount(handled, 2, 30_000)
    expect(handled.map((m) => m.id)).toEqual(ids)
  } finally {
    await Promise.all(buses.splice(-1).map((bus) => bus.close()))
    proxy.closeAllConnections()
    await new Promise((resolve) => proxy.close(resolve))
  }
})
