import { INVENTORY_COMMANDS_TOPIC } from '../../../contracts/enrollmentSaga'
import type { Subject } from '../generated/prisma/client'
import { cacheSubjectRegistry } from '../../../subgraph-runtime/database/cachedRows'
import type { RowCache } from '../../../subgraph-runtime/database/rowCache'
import type { Logger } from '../../../platform/logging/logger'
import type { SubgraphConfig } from '../../../subgraph-runtime/config'
import type { BackgroundWork } from '../../../subgraph-runtime/subgraphModule'
import { createCredentialVerifier, type CredentialVerifier } from '../../../subgraph-runtime/auth/credentialVerifier'
import { loadSignatureSettings } from '../../../subgraph-runtime/auth/signatureSettings'
import { busForConfig } from '../../../subgraph-runtime/events/busForConfig'
import { startEventConsumer } from '../../../subgraph-runtime/events/eventConsumer'
import { createFeedWakeUp, type FeedWakeUp } from '../../../subgraph-runtime/events/feedWakeUp'
import { startOutboxRelay } from '../../../subgraph-runtime/events/outboxRelay'
import type { InventoryPrisma } from '../data/prismaClient'
import { ALLOCATION_COMMANDS_GROUP, allocationCommandHandler } from '../allocation/allocationCommands'
import { startSubjectRegistry } from '../registry/subjectRegistry'
import { startStudyRegistry } from '../registry/studyRegistry'

/**
 * What inventory keeps for the life of the process: the verifier of re-authentication credentials,
 * the enrollment saga's allocation consumer, the subject and study registries' consumers, and the relay of its outbox (replies, stock signals,
 * unblinding notices).
 */
export interface InventoryRuntime extends BackgroundWork {
  credentials: CredentialVerifier
  /** Woken when the relay commits: the outbox feed's held requests answer (embedded mode). */
  feedPublished: FeedWakeUp
  /** The subject registry's rows, kept across requests: nearly every request's access check reads them. */
  subjectRows: RowCache<Subject>
}

export async function startInventoryRuntime(
  prisma: InventoryPrisma,
  { logger, config }: { logger: Logger; config: SubgraphConfig },
): Promise<InventoryRuntime> {
  const bus = busForConfig(config, 'inventory', logger, prisma)
  const feedPublished = createFeedWakeUp()
  const relay = startOutboxRelay(prisma, bus, logger, { onCommitted: () => feedPublished.wake() })
  const handle = allocationCommandHandler(prisma, logger, config.crashPoint)
  const commands = startEventConsumer(bus, {
    topic: INVENTORY_COMMANDS_TOPIC,
    groupId: ALLOCATION_COMMANDS_GROUP,
    logger,
    handle: async (message) => {
      await handle(message)
      relay.kick() // the reply goes out now, not at the relay's next poll
    },
  })
  const subjects = startSubjectRegistry(prisma, bus, logger)
  const studies = startStudyRegistry(prisma, bus, logger)
  const subjectRows = cacheSubjectRegistry<Subject>(config.database, logger)
  return {
    credentials: createCredentialVerifier(loadSignatureSettings()),
    feedPublished,
    subjectRows: subjectRows.cache,
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
      { name: 'allocation command consumer leaves its group', run: () => commands.stop() },
      { name: 'subject registry consumer leaves its group', run: () => subjects.stop() },
      { name: 'study registry consumer leaves its group', run: () => studies.stop() },
      { name: 'subject cache stops listening', run: () => subjectRows.stop() },
      { name: 'event bus', run: () => bus.close() },
    ],
  }
}
