import type { BackgroundWork } from '../../../server-kit/bootSubgraph'
import type { SubgraphConfig } from '../../../server-kit/config'
import type { Logger } from '../../../server-kit/logger'
import { createKafkaBus } from '../../../server-kit/events/kafkaBus'
import { createInProcessBus } from '../../../server-kit/events/inProcessBus'
import type { EproPrisma } from '../data/prismaClient'
import { startAlertPipeline, type AlertPipeline } from './alertPipeline'

export interface EproBackground extends BackgroundWork {
  alerts: AlertPipeline
}

/** Kafka when KAFKA_BROKERS is set; otherwise (embedded `npm start`) the in-process bus. */
export async function startEproBackground(prisma: EproPrisma, { logger, config }: { logger: Logger; config: SubgraphConfig }): Promise<EproBackground> {
  const bus = config.kafkaBrokers ? createKafkaBus({ brokers: config.kafkaBrokers, clientId: 'epro', logger, namespace: config.eventNamespace }) : createInProcessBus()
  logger.info({ bus: bus.kind, brokers: config.kafkaBrokers }, 'event bus selected')
  const alerts = startAlertPipeline(prisma, bus, logger, config.database)
  return {
    alerts,
    // The producer closes after the relay's last publish.
    shutdownPhases: [...alerts.shutdownPhases, { name: 'event bus', run: () => bus.close() }],
  }
}
