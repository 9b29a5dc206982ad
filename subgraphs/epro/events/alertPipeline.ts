import type { Logger } from '../../../server-kit/logger'
import type { EventBus } from '../../../server-kit/events/eventBus'
import type { EproPrisma } from '../data/prismaClient'
import { AE_ALERT_TOPIC } from '../submission/alertEvents'
import { AlertFeed } from './alertFeed'
import { storeAlertOnce } from './alertStore'
import { startOutboxRelay, type OutboxRelay } from './outboxRelay'

/** Consumer group that stores alerts; every epro instance shares it, so each event is stored once. */
export const ALERT_STORE_GROUP = 'epro-alert-store'

export interface AlertPipeline {
  relay: OutboxRelay
  feed: AlertFeed
  stop(): Promise<void>
}

/**
 * The path from a committed diary entry to a CRC's screen, inside the epro process:
 * outbox → relay → bus (Kafka) → alert consumer → stored once → announced to live subscribers.
 */
export function startAlertPipeline(prisma: EproPrisma, bus: EventBus, logger: Logger): AlertPipeline {
  const feed = new AlertFeed()
  const relay = startOutboxRelay(prisma, bus, logger)
  let stopped = false
  let consumer: { stop(): Promise<void> } | undefined
  // The broker may be down when epro starts: submissions are still accepted (the outbox keeps
  // them) and the consumer keeps trying to join its group until it can.
  const connecting = (async () => {
    for (let delayMs = 250; !stopped; delayMs = Math.min(delayMs * 2, 5000)) {
      try {
        await bus.ensureTopics([AE_ALERT_TOPIC])
        consumer = await bus.subscribe(AE_ALERT_TOPIC, ALERT_STORE_GROUP, async (message) => {
          const stored = await storeAlertOnce(prisma, message)
          if (stored) {
            logger.info({ alertId: stored.id, rule: stored.rule, severity: stored.severity, siteId: stored.siteId }, 'adverse-event alert stored')
            feed.announce(stored)
          }
        })
        logger.info({ topic: AE_ALERT_TOPIC, group: ALERT_STORE_GROUP, bus: bus.kind }, 'alert consumer joined its group')
        return
      } catch (error) {
        logger.warn({ err: error, retryInMs: delayMs }, 'alert consumer cannot reach the bus yet; retrying')
        await new Promise((resolve) => setTimeout(resolve, delayMs))
      }
    }
  })()
  return {
    relay,
    feed,
    async stop() {
      stopped = true
      await relay.stop()
      await connecting
      await consumer?.stop()
    },
  }
}
