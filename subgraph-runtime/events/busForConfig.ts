import { assertionKey } from '../../contracts/gatewayAssertion'
import { TOPIC_PRODUCERS } from '../../contracts/eventTopics'
import type { Logger } from '../../platform/logging/logger'
import { eventFeedUrls, SUBGRAPH_NAMES, type SubgraphConfig, type SubgraphName } from '../config'
import type { EventBus } from './eventBus'
import { createKafkaBus } from './kafkaBus'
import { createOutboxFeedBus } from './outboxFeedBus'
import type { RawSqlTransaction } from './outboxWrites'

/** The subgraph that writes a topic, from the catalogue (contracts/eventTopics.ts). */
const producerOf = (topic: string): SubgraphName | undefined =>
  SUBGRAPH_NAMES.find((name) => name === TOPIC_PRODUCERS[topic])

/**
 * Kafka when KAFKA_BROKERS is set; otherwise (embedded `npm start`, every subgraph its own process)
 * the outbox feed bus: this subgraph's own topics in-process, others' read from their producers'
 * outbox feeds with the offsets in this subgraph's database (`db`).
 */
export function busForConfig(
  config: SubgraphConfig,
  self: SubgraphName,
  logger: Logger,
  db: RawSqlTransaction,
): EventBus {
  if (config.eventBus) return config.eventBus
  const bus = config.kafkaBrokers
    ? createKafkaBus({ brokers: config.kafkaBrokers, clientId: self, logger, namespace: config.eventNamespace })
    : createOutboxFeedBus({
        self,
        producerOf,
        feedUrlOf: (producer) => (config.eventFeedUrls ?? eventFeedUrls({}))[producer],
        db,
        authKey: assertionKey(config.authSecret),
        logger,
      })
  logger.info({ bus: bus.kind, brokers: config.kafkaBrokers }, 'event bus selected')
  return bus
}
