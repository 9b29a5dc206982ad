import type { Logger } from '../../platform/logging/logger'
import type { SubgraphConfig } from '../config'
import type { EventBus } from './eventBus'
import { createInProcessBus } from './inProcessBus'
import { createKafkaBus } from './kafkaBus'

/** Kafka when KAFKA_BROKERS is set; otherwise (embedded `npm start`) the in-process bus. */
export function busForConfig(config: SubgraphConfig, clientId: string, logger: Logger): EventBus {
  const bus = config.kafkaBrokers
    ? createKafkaBus({ brokers: config.kafkaBrokers, clientId, logger, namespace: config.eventNamespace })
    : createInProcessBus()
  logger.info({ bus: bus.kind, brokers: config.kafkaBrokers }, 'event bus selected')
  return bus
}
