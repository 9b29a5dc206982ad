import requireKafka from './requireKafka'
import requirePostgres from './requirePostgres'

// globalSetup for suites that need both a real Postgres and a real Kafka broker.
export default async function requireServices(): Promise<void> {
  await Promise.all([requirePostgres(), requireKafka()])
}
