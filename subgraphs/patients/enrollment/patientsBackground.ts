import type { BackgroundWork } from '../../../subgraph-runtime/subgraphModule'
import type { SubgraphConfig } from '../../../subgraph-runtime/config'
import type { Logger } from '../../../platform/logging/logger'
import { busForConfig } from '../../../subgraph-runtime/events/busForConfig'
import type { EventBus } from '../../../subgraph-runtime/events/eventBus'
import { createFeedWakeUp, type FeedWakeUp } from '../../../subgraph-runtime/events/feedWakeUp'
import { startOutboxRelay, type OutboxRelay } from '../../../subgraph-runtime/events/outboxRelay'
import { startEventConsumer } from '../../../subgraph-runtime/events/eventConsumer'
import { INVENTORY_REPLIES_TOPIC, STUDIES_REPLIES_TOPIC } from '../../../contracts/enrollmentSaga'
import type { PatientsPrisma } from '../data/prismaClient'
import { loadEnrollmentSettings, type EnrollmentSettings } from './enrollmentSettings'
import { startStudyRegistry } from '../registry/studyRegistry'
import { SAGA_REPLIES_GROUP, sagaReplyHandler, sweepOverdueSagas } from './sagaOrchestrator'

export interface PatientsBackground extends BackgroundWork {
  bus: EventBus
  relay: OutboxRelay
  /** Woken when the relay commits: the outbox feed's held requests answer (embedded mode). */
  feedPublished: FeedWakeUp
  settings: EnrollmentSettings
}

/**
 * The enrollment orchestrator's moving parts: the outbox relay (commands and subject events out),
 * the reply consumers (studies' and inventory's answers in), the timeout sweeper, and the study
 * and site registry that studies' set-up events keep current.
 */
export async function startPatientsBackground(
  prisma: PatientsPrisma,
  { logger, config }: { logger: Logger; config: SubgraphConfig },
): Promise<PatientsBackground> {
  const settings = loadEnrollmentSettings()
  const bus = busForConfig(config, 'patients', logger, prisma)
  const feedPublished = createFeedWakeUp()
  const relay = startOutboxRelay(prisma, bus, logger, { onCommitted: () => feedPublished.wake() })
  const handle = sagaReplyHandler(prisma, settings.stepTimeoutMs, logger)
  const consumers = [STUDIES_REPLIES_TOPIC, INVENTORY_REPLIES_TOPIC].map((topic) =>
    startEventConsumer(bus, {
      topic,
      // One group per topic: kafkajs assigns a group's partitions as if every member subscribed to
      // every topic of the group, so two topics in one group leave one topic's partitions unread.
      groupId: `${SAGA_REPLIES_GROUP}.${topic}`,
      logger,
      handle: async (message) => {
        await handle(message)
        relay.kick() // the next command goes out now, not at the relay's next poll
      },
    }),
  )
  consumers.push(startStudyRegistry(prisma, bus, logger))
  let sweeping = true
  const sweeper = (async () => {
    while (sweeping) {
      try {
        if (await sweepOverdueSagas(prisma, settings.stepTimeoutMs, logger)) relay.kick()
      } catch (error) {
        logger.warn({ err: error }, 'enrollment sweeper pass failed; next pass retries')
      }
      await new Promise((resolve) => setTimeout(resolve, settings.sweepIntervalMs))
    }
  })()
  return {
    bus,
    relay,
    feedPublished,
    settings,
    shutdownPhases: [
      {
        name: 'enrollment sweeper',
        run: async () => {
          sweeping = false
          for (const c of consumers) c.giveUp()
          await sweeper
        },
      },
      {
        name: 'outbox flush',
        run: async (signal) => {
          const flushed = await relay.stop(signal)
          if (!flushed.complete)
            logger.warn('outbox flush cut short: unpublished events stay in the outbox for the next relay')
        },
      },
      {
        name: 'event consumers leave their groups',
        run: () => Promise.all(consumers.map((c) => c.stop())).then(() => {}),
      },
      { name: 'event bus', run: () => bus.close() },
    ],
  }
}
