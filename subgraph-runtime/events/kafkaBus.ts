import { Kafka, Partitioners, logLevel as kafkaLogLevel, type Consumer, type Producer } from 'kafkajs'
import type { Logger } from '../../platform/logging/logger'
import type { BusMessage, EventBus, MessageHandler } from './eventBus'
import { kafkaConsumerLag } from './kafkaMetrics'

/**
 * EventBus on Apache Kafka (kafkajs): an idempotent producer with acks from all in-sync replicas
 * (no duplicates from producer retries, nothing acknowledged that could be lost), messages keyed
 * so one patient's events keep their order, consumer groups that commit an offset only after the
 * handler succeeded (at-least-once).
 */
export function createKafkaBus(options: {
  brokers: string[]
  clientId: string
  logger: Logger
  partitions?: number
  namespace?: string
}): EventBus {
  // Environments (and test runs) sharing one cluster keep apart by prefixing topics and groups.
  const ns = (name: string) => `${options.namespace ?? ''}${name}`
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: kafkaLogLevel.WARN,
    logCreator:
      () =>
      ({ level, log }) => {
        const { message, ...extra } = log
        if (level <= kafkaLogLevel.ERROR) options.logger.error(extra, `kafka: ${message}`)
        else options.logger.warn(extra, `kafka: ${message}`)
      },
    retry: { retries: 5, initialRetryTime: 200 },
  })
  let producer: Producer | undefined
  let connecting: Promise<Producer> | undefined
  const consumers = new Set<Consumer>()

  const connectedProducer = () =>
    (connecting ??= (async () => {
      // Bounded retries (kafkajs warns this weakens exactly-once): a publish during an outage fails
      // back to the outbox relay, which keeps the rows and retries; consumers absorb duplicates.
      const p = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      })
      await p.connect()
      producer = p
      return p
    })().catch((error) => {
      connecting = undefined // try again on the next publish
      throw error
    }))

  return {
    kind: 'kafka',
    async ensureTopics(topics) {
      const admin = kafka.admin()
      await admin.connect()
      try {
        const existing = new Set(await admin.listTopics())
        const missing = topics.map(ns).filter((t) => !existing.has(t))
        if (missing.length)
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((topic) => ({ topic, numPartitions: options.partitions ?? 3, replicationFactor: 1 })),
          })
      } finally {
        await admin.disconnect()
      }
    },
    async publish(messages) {
      if (messages.length === 0) return
      const p = await connectedProducer()
      const byTopic = new Map<string, BusMessage[]>()
      for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m])
      await p.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic: ns(topic),
          messages: list.map((m) => ({
            key: m.key,
            value: JSON.stringify(m.payload),
            headers: { ...m.traceContext, 'event-id': m.id, 'event-type': m.type, 'occurred-at': m.occurredAt },
          })),
        })),
      })
    },
    async subscribe(topic: string, groupId: string, handler: MessageHandler) {
      let stopped = false
      let current: Consumer | undefined
      const start = async () => {
        // A 10 s session (kafkajs: 30 s): when an instance dies, its partitions move to the others
        // within seconds, which alert latency needs more than tolerance of long GC pauses.
        // Fetches wait at most 1 s at the broker for data (kafkajs: 5 s): a message is handed over as
        // soon as it arrives either way, but leaving the group waits for the fetch in flight, and a
        // 5 s wait made an idle instance's shutdown up to 5 s longer.
        const consumer = kafka.consumer({
          groupId: ns(groupId),
          sessionTimeout: 10_000,
          heartbeatInterval: 1_000,
          maxWaitTimeInMs: 1_000,
          retry: { retries: 10, initialRetryTime: 300 },
        })
        consumers.add(consumer)
        current = consumer
        consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
          // Labels without the namespace prefix: bounded to the topics and groups the code names.
          kafkaConsumerLag.set(
            { group: groupId, topic, partition: String(payload.partition) },
            Number(payload.offsetLag),
          )
        })
        // kafkajs restarts a crashed consumer itself only when the crash's cause is retriable; after
        // any other (a protocol error from a broker that restarted, a handler error marked not
        // retriable) it stays stopped for good and its partitions are read by nobody. Replace it.
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          if (!payload.restart && !stopped && current === consumer) void replace(consumer, payload.error)
        })
        try {
          await consumer.connect()
          await consumer.subscribe({ topic: ns(topic), fromBeginning: true })
          await consumer.run({
            // kafkajs resolves a message's offset only once the handler succeeded, and commits the
            // resolved offsets after each batch (and before leaving the group): a crash in between
            // means redelivery, not loss. Committing once per batch rather than once per message
            // spares the next message of a batch a broker round trip (an entry's two alerts).
            autoCommit: true,
            eachMessage: async ({ message }) => {
              const header = (name: string) => message.headers?.[name]?.toString() ?? ''
              const traceContext = header('traceparent')
                ? {
                    traceparent: header('traceparent'),
                    ...(header('tracestate') && { tracestate: header('tracestate') }),
                  }
                : null
              await handler({
                id: header('event-id'),
                type: header('event-type'),
                occurredAt: header('occurred-at'),
                topic,
                key: message.key?.toString() ?? '',
                payload: JSON.parse(message.value?.toString() ?? 'null'),
                traceContext,
              })
            },
          })
        } catch (error) {
          consumers.delete(consumer)
          await consumer.disconnect().catch(() => {})
          throw error
        }
      }
      /** A new consumer in the dead one's place, tried with growing pauses until it runs (or the subscription stops). */
      const replace = async (dead: Consumer, error: Error) => {
        options.logger.error(
          { err: error, topic, group: groupId },
          'kafka consumer stopped after a crash; replacing it',
        )
        consumers.delete(dead)
        await dead.disconnect().catch(() => {})
        for (let delayMs = 1000; !stopped; delayMs = Math.min(delayMs * 2, 10_000)) {
          try {
            await start()
            options.logger.warn({ topic, group: groupId }, 'kafka consumer replaced')
            return
          } catch (retryError) {
            options.logger.warn(
              { err: retryError, topic, group: groupId, retryInMs: delayMs },
              'kafka consumer not replaced yet',
            )
            await new Promise((resolve) => setTimeout(resolve, delayMs))
          }
        }
      }
      await start()
      return {
        async stop() {
          stopped = true
          if (!current) return
          consumers.delete(current)
          await current.disconnect()
        },
      }
    },
    async close() {
      await Promise.all([...consumers].map((c) => c.disconnect().catch(() => {})))
      consumers.clear()
      await producer?.disconnect().catch(() => {})
    },
  }
}
