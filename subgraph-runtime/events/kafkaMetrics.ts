import { Gauge } from 'prom-client'
import { metrics } from '../../platform/metrics/registry'

/**
 * Messages of a partition this process consumes that it has not processed yet: the partition's
 * high watermark minus the next offset after each batch this consumer finished (kafkajs
 * END_BATCH_PROCESS). A partition this process no longer owns keeps its last value until the
 * process that took it over reports; alert on the group's maximum, not one process's.
 */
export const kafkaConsumerLag = new Gauge({
  name: 'kafka_consumer_lag',
  help: 'Messages not yet processed by this consumer, per consumer group, topic and partition (after its last batch).',
  labelNames: ['group', 'topic', 'partition'] as const,
  registers: [metrics],
})
