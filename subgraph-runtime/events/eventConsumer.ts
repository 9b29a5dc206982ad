import type { Logger } from '../../platform/logging/logger'
import { inSpan, SpanKind } from '../../platform/telemetry/traceContext'
import type { BusMessage, EventBus } from './eventBus'

export interface EventConsumer {
  /** Stops trying to join (the process is shutting down); a member stays until stop(). */
  giveUp(): void
  /**
   * Gives up joining (if still trying), then leaves the group. kafkajs's disconnect lets the
   * message in hand finish (its offset is committed after the handler) before leaving, so the
   * partitions move to the other instances at once instead of after the session timeout.
   */
  stop(): Promise<void>
}

/**
 * A consumer group member that keeps trying to join until it can: the broker may be down when
 * the subgraph starts, and its writes are accepted meanwhile (the outbox keeps them). Each message
 * is handled in the trace of the request that caused it (carried in the message headers).
 * The handler must be idempotent: the bus delivers at least once.
 */
export function startEventConsumer(
  bus: EventBus,
  {
    topic,
    groupId,
    handle,
    logger,
    beforeJoining,
  }: {
    topic: string
    groupId: string
    handle: (message: BusMessage) => Promise<void>
    logger: Logger
    /** Awaited before each attempt to join (e.g. until a reader has its starting point). */
    beforeJoining?: () => Promise<void>
  },
): EventConsumer {
  let stopped = false
  let subscription: { stop(): Promise<void> } | undefined
  const joining = (async () => {
    for (let delayMs = 250; !stopped; delayMs = Math.min(delayMs * 2, 5000)) {
      try {
        await beforeJoining?.()
        await bus.ensureTopics([topic])
        subscription = await bus.subscribe(topic, groupId, (message) =>
          inSpan(
            `process ${topic}`,
            {
              kind: SpanKind.CONSUMER,
              parent: message.traceContext ?? null,
              attributes: { 'messaging.system': bus.kind, 'messaging.message.id': message.id },
            },
            () => handle(message),
          ),
        )
        logger.info({ topic, group: groupId, bus: bus.kind }, 'event consumer joined its group')
        return
      } catch (error) {
        logger.warn(
          { err: error, topic, group: groupId, retryInMs: delayMs },
          'event consumer cannot reach the bus yet; retrying',
        )
        await new Promise((resolve) => setTimeout(resolve, delayMs))
      }
    }
  })()
  return {
    giveUp: () => {
      stopped = true
    },
    async stop() {
      stopped = true
      await joining
      await subscription?.stop()
    },
  }
}
