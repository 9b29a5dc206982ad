import type { BackgroundWork } from '../../../subgraph-runtime/subgraphModule'
import type { SubgraphConfig } from '../../../subgraph-runtime/config'
import type { Logger } from '../../../platform/logging/logger'
import { createKafkaBus } from '../../../subgraph-runtime/events/kafkaBus'
import { createInProcessBus } from '../../../subgraph-runtime/events/inProcessBus'
import type { EproPrisma } from '../data/prismaClient'
import { startAlertPipeline, type AlertPipeline } from './alertPipeline'

export interface EproBackground extends BackgroundWork {
  alerts: AlertPipeline
}

/** Kafka when KAFKA_BROKERS is set; otherwise (embedded `npm start`) the in-process bus. */
export async function startEproBackground(
  prisma: EproPrisma,
  { logger, config }: { logger: Logger; config: SubgraphConfig },
): Promise<EproBackground> {
  const bus = config.kafkaBrokers
    ? createKafkaBus({ brokers: config.kafkaBrokers, clientId: 'epro', logger, namespace: config.eventNamespace })
    : createInProcessBus()
  logger.info({ bus: bus.kind, brokers: config.kafkaBrokers }, 'event bus selected')
  const alerts = startAlertPipeline(prisma, bus, logger, config.database)
  return {
    alerts,
    // The producer closes after the relay's last publish.
    shutdownPhases: [...alerts.shutdownPhases, { name: 'event bus', run: () => bus.close() }],
  }
}
