import type { Logger } from '../../../platform/logging/logger'
import type { EventBus } from '../../../subgraph-runtime/events/eventBus'
import type { EproPrisma } from '../data/prismaClient'
import { AE_ALERT_TOPIC, type AlertDetectedPayload } from '../data/alertEventPayload'
import { AlertFeed } from './alertFeed'
import { storeAlertOnce } from './alertStore'
import { startAlertTailer } from './alertTailer'
import { listenForStoredAlerts } from './alertNotifications'
import { startOutboxRelay, type OutboxRelay } from '../../../subgraph-runtime/events/outboxRelay'
import { noteAlertStage, registerPipelineGauges } from './pipelineMetrics'
import type { DatabaseTarget } from '../../../subgraph-runtime/database/target'
import { startEventConsumer } from '../../../subgraph-runtime/events/eventConsumer'
import type { ShutdownPhase } from '../../../platform/shutdown/shutdownSequence'

/** Consumer group that stores alerts; every epro instance shares it, so each event is stored once. */
export const ALERT_STORE_GROUP = 'epro-alert-store'

export interface AlertPipeline {
  relay: OutboxRelay
  feed: AlertFeed
  /**
   * Phases of the process's shutdown: flush the outbox, take the consumer out of its group, stop the
   * tailer and listener.
   */
  shutdownPhases: ShutdownPhase[]
}

/**
 * The path from a committed diary entry to a CRC's screen, inside the epro process:
 * outbox → relay → bus (Kafka) → alert consumer → stored once → announced, in feed order, to the
 * live subscribers of every epro instance (the tailer reads what any instance's consumer stored).
 */
export function startAlertPipeline(
  prisma: EproPrisma,
  bus: EventBus,
  logger: Logger,
  database: DatabaseTarget,
  onRelayCommitted?: () => void,
): AlertPipeline {
  const feed = new AlertFeed()
  const relay = startOutboxRelay(prisma, bus, logger, {
    onPublished: (events) => {
      for (const e of events) if (e.topic === AE_ALERT_TOPIC) noteAlertStage('published', e.occurredAt)
    },
    // The outbox feed's held requests (embedded mode's readers in other subgraphs).
    onCommitted: onRelayCommitted,
  })
  const tailer = startAlertTailer(prisma, feed, logger)
  const notifications = listenForStoredAlerts(database, (stored) => void tailer.wake(stored), logger)
  registerPipelineGauges(feed)
  const consumer = startEventConsumer(bus, {
    topic: AE_ALERT_TOPIC,
    groupId: ALERT_STORE_GROUP,
    logger,
    // Alerts stored before this point are history (the backlog of resuming subscribers).
    beforeJoining: () => tailer.ready,
    handle: async (message) => {
      const p = message.payload as AlertDetectedPayload
      noteAlertStage('consumed', message.occurredAt)
      if (await storeAlertOnce(prisma, message)) {
        noteAlertStage('stored', message.occurredAt)
        logger.info(
          { alertId: p.alertId, eventId: message.id, rule: p.rule, severity: p.severity, siteId: p.siteId },
          'adverse-event alert stored',
        )
        // The store's notification wakes the tailer (one read for this instance and every
        // other); without a listening connection (embedded, or reconnecting), wake it here.
        if (!notifications.listening()) void tailer.wake()
      } else {
        logger.debug({ alertId: p.alertId, eventId: message.id }, 'adverse-event alert already stored (redelivery)')
      }
    },
  })
  return {
    relay,
    feed,
    shutdownPhases: [
      {
        name: 'outbox flush',
        run: async (signal) => {
          consumer.giveUp() // a consumer still trying to join its group gives up
          const flushed = await relay.stop(signal)
          if (flushed.complete) logger.info({ published: flushed.published }, 'outbox flushed')
          else logger.warn('outbox flush cut short: unpublished events stay in the outbox for the next relay')
        },
      },
      { name: 'alert consumer leaves its group', run: () => consumer.stop() },
      {
        name: 'alert tailer and listener',
        run: async () => {
          tailer.stop()
          await notifications.stop()
        },
      },
    ],
  }
}
