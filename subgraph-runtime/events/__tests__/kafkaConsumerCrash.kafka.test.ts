import crypto from 'node:crypto'
import { createKafkaBus } from '../kafkaBus'
import { createLogger } from '../../../platform/logging/logger'
import type { BusMessage } from '../eventBus'

// kafkajs restarts a crashed consumer only when the crash's cause is retriable; after any other
// crash (a protocol error a restarted broker answers with, or an error marked not retriable) the
// consumer stays stopped, its partitions held by nobody, and the bus would never deliver again.
// The Kafka bus replaces such a consumer: the message whose handling crashed is delivered again.
jest.setTimeout(180_000) // beyond the 120 s wait for the redelivery below

it('replaces a consumer that kafkajs gave up on after a non-retriable crash, and delivers the message again', async () => {
  const namespace = `crash-${crypto.randomBytes(4).toString('hex')}.`
  const bus = createKafkaBus({
    brokers: process.env.KAFKA_BROKERS!.split(','),
    clientId: 'consumer-crash-test',
    logger: createLogger('consumer-crash-test', { LOG_LEVEL: 'silent' }),
    namespace,
  })
  const calls: string[] = []
  try {
    await bus.ensureTopics(['crash.test.v1'])
    const subscription = await bus.subscribe('crash.test.v1', 'crash-test', async (message: BusMessage) => {
      calls.push(message.id)
      if (calls.length === 1) throw Object.assign(new Error('not retriable'), { retriable: false })
    })
    const id = crypto.randomUUID()
    await bus.publish([
      {
        id,
        topic: 'crash.test.v1',
        key: 'k',
        type: 'Test',
        payload: {},
        occurredAt: new Date().toISOString(),
        traceContext: null,
      },
    ])
    // The crashed consumer's replacement joins the group before it gets the message again: seconds
    // idle, much longer on a loaded machine. The bound only ends a hung wait.
    for (const end = Date.now() + 120_000; calls.length < 2 && Date.now() < end;)
      await new Promise((resolve) => setTimeout(resolve, 200))
    expect(calls).toEqual([id, id])
    await subscription.stop()
  } finally {
    await bus.close()
  }
})
