import type { BackgroundWork } from '../../../subgraph-runtime/subgraphModule'
import { eventFeedUrls, type SubgraphConfig } from '../../../subgraph-runtime/config'
import type { Logger } from '../../../platform/logging/logger'
import { createKafkaBus } from '../../../subgraph-runtime/events/kafkaBus'
import { createOutboxFeedBus, producerByTopicPrefix } from '../../../subgraph-runtime/events/outboxFeedBus'
import { createFeedWakeUp, type FeedWakeUp } from '../../../subgraph-runtime/events/feedWakeUp'
import { assertionKey } from '../../../contracts/gatewayAssertion'
import type { EproPrisma } from '../data/prismaClient'
import { startAlertPipeline, type AlertPipeline } from './alertPipeline'

export interface EproBackground extends BackgroundWork {
  alerts: AlertPipeline
  /** Woken when the relay commits: the outbox feed's held requests answer. */
  feedPublished: FeedWakeUp
}

/**
 * Kafka when KAFKA_BROKERS is set; otherwise (embedded `npm start`) the outbox feed bus: epro's own
 * alert topic stays in-process, other contexts' topics are read from their outbox feeds.
 */
export async function startEproBackground(
  prisma: EproPrisma,
  { logger, config }: { logger: Logger; config: SubgraphConfig },
): Promise<EproBackground> {
  const bus = config.kafkaBrokers
    ? createKafkaBus({ brokers: config.kafkaBrokers, clientId: 'epro', logger, namespace: config.eventNamespace })
    : createOutboxFeedBus({
        self: 'epro',
        producerOf: producerByTopicPrefix,
        feedUrlOf: (producer) => (config.eventFeedUrls ?? eventFeedUrls({}))[producer],
        db: prisma,
        authKey: assertionKey(config.authSecret),
        logger,
      })
  logger.info({ bus: bus.kind, brokers: config.kafkaBrokers }, 'event bus selected')
  const feedPublished = createFeedWakeUp()
  const alerts = startAlertPipeline(prisma, bus, logger, config.database, () => feedPublished.wake())
  return {
    alerts,
    feedPublished,
    // The producer closes after the relay's last publish.
    shutdownPhases: [...alerts.shutdownPhases, { name: 'event bus', run: () => bus.close() }],
  }
}
