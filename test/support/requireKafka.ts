import { Kafka, logLevel } from 'kafkajs'

// Jest globalSetup for suites that need Kafka: a missing broker fails the run (never a skip).
export default async function requireKafka(): Promise<void> {
  const brokers = process.env.KAFKA_BROKERS
  if (!brokers)
    throw new Error(
      'KAFKA_BROKERS is not set: run the tests with `npm test`, which starts a local Kafka broker and sets it.',
    )
  const admin = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 3 } }).admin()
  try {
    await admin.connect()
    await admin.listTopics()
  } catch (error) {
    throw new Error(`Kafka at KAFKA_BROKERS=${brokers} is not reachable: ${(error as Error).message}`, { cause: error })
  } finally {
    await admin.disconnect().catch(() => {})
  }
}
