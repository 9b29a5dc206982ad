import crypto from 'node:crypto'
import { Kafka, logLevel } from 'kafkajs'

// kafkajs 2.2.4 speaks old protocol versions; this proves what the event pipeline relies on
// against the real broker the tests and CI start (Apache Kafka 3.9, KRaft): topic creation, the
// idempotent producer, per-key ordering across partitions, and consumer groups with commits.
jest.setTimeout(120_000) // ends a hung broker call; group joins and rebalances are slow on a loaded machine

const kafka = new Kafka({
  clientId: 'broker-contract-test',
  brokers: process.env.KAFKA_BROKERS!.split(','),
  logLevel: logLevel.NOTHING,
})
const topic = `contract-${crypto.randomBytes(4).toString('hex')}`
const admin = kafka.admin()

beforeAll(async () => {
  await admin.connect()
  await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true })
})
afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => {})
  await admin.disconnect()
})

it('delivers every message of an idempotent producer to a consumer group, in order per key', async () => {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
  await producer.connect()
  const patients = ['p-1', 'p-2', 'p-3', 'p-4']
  const sent = patients.flatMap((key) =>
    Array.from({ length: 10 }, (_, seq) => ({ key, value: JSON.stringify({ key, seq }) })),
  )
  await producer.send({ topic, acks: -1, messages: sent })
  await producer.disconnect()

  const consumer = kafka.consumer({ groupId: `${topic}-group` })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  const received: { key: string; seq: number }[] = []
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        // Commit after handling each message, as the alert consumer will (after storing the alert).
        autoCommit: false,
        eachMessage: async ({ topic: from, partition, message }) => {
          received.push(JSON.parse(message.value!.toString()))
          await consumer.commitOffsets([{ topic: from, partition, offset: (BigInt(message.offset) + 1n).toString() }])
          if (received.length === sent.length) resolve()
        },
      })
      .catch(reject)
  })
  await consumer.disconnect()

  expect(received).toHaveLength(sent.length)
  for (const key of patients)
    expect(received.filter((m) => m.key === key).map((m) => m.seq)).toEqual([...Array(10).keys()])
  // The group committed its offsets: a restarted consumer of the same group has nothing left to read.
  const offsets = await admin.fetchOffsets({ groupId: `${topic}-group`, topics: [topic] })
  // A partition no key hashed to reports -1 (nothing committed).
  const committed = offsets[0]!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0)
  expect(committed).toBe(sent.length)
})
