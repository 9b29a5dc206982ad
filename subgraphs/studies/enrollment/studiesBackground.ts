import { STUDIES_COMMANDS_TOPIC } from '../../../contracts/enrollmentSaga'
import type { Logger } from '../../../platform/logging/logger'
import type { SubgraphConfig } from '../../../subgraph-runtime/config'
import { busForConfig } from '../../../subgraph-runtime/events/busForConfig'
import { startEventConsumer } from '../../../subgraph-runtime/events/eventConsumer'
import { createFeedWakeUp, type FeedWakeUp } from '../../../subgraph-runtime/events/feedWakeUp'
import { startOutboxRelay } from '../../../subgraph-runtime/events/outboxRelay'
import type { BackgroundWork } from '../../../subgraph-runtime/subgraphModule'
import type { StudiesPrisma } from '../data/prismaClient'
import { SLOT_COMMANDS_GROUP, slotCommandHandler } from './slotCommands'

export interface StudiesBackground extends BackgroundWork {
  /** Woken when the relay commits: the outbox feed's held requests answer (embedded mode). */
  feedPublished: FeedWakeUp
}

/** The enrollment saga's slot participant: the command consumer and the relay of its replies. */
export async function startStudiesBackground(
  prisma: StudiesPrisma,
  { logger, config }: { logger: Logger; config: SubgraphConfig },
): Promise<StudiesBackground> {
  const bus = busForConfig(config, 'studies', logger, prisma)
  const feedPublished = createFeedWakeUp()
  const relay = startOutboxRelay(prisma, bus, logger, { onCommitted: () => feedPublished.wake() })
  const handle = slotCommandHandler(prisma, logger)
  const commands = startEventConsumer(bus, {
    topic: STUDIES_COMMANDS_TOPIC,
    groupId: SLOT_COMMANDS_GROUP,
    logger,
    handle: async (message) => {
      await handle(message)
      relay.kick() // the reply goes out now, not at the relay's next poll
    },
  })
  return {
    feedPublished,
    shutdownPhases: [
      {
        name: 'outbox flush',
        run: async (signal) => {
          commands.giveUp()
          const flushed = await relay.stop(signal)
          if (!flushed.complete)
            logger.warn('outbox flush cut short: unpublished events stay in the outbox for the next relay')
        },
      },
      { name: 'slot command consumer leaves its group', run: () => commands.stop() },
      { name: 'event bus', run: () => bus.close() },
    ],
  }
}
