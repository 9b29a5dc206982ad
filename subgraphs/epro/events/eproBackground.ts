import type { BackgroundWork } from '../../../subgraph-runtime/subgraphModule'
import type { SubgraphConfig } from '../../../subgraph-runtime/config'
import type { Logger } from '../../../platform/logging/logger'
import { busForConfig } from '../../../subgraph-runtime/events/busForConfig'
import { createFeedWakeUp, type FeedWakeUp } from '../../../subgraph-runtime/events/feedWakeUp'
import type { EproPrisma } from '../data/prismaClient'
import type { Subject } from '../generated/prisma/client'
import { cacheSubjectRegistry } from '../../../subgraph-runtime/database/cachedRows'
import type { RowCache } from '../../../subgraph-runtime/database/rowCache'
import { startAlertPipeline, type AlertPipeline } from './alertPipeline'
import { startSubjectRegistry } from './subjectRegistry'

export interface EproBackground extends BackgroundWork {
  alerts: AlertPipeline
  /** Woken when the relay commits: the outbox feed's held requests answer. */
  feedPublished: FeedWakeUp
  /** The subject registry's rows, kept across requests: every entity fetch's access check reads them. */
  subjectRows: RowCache<Subject>
}

/**
 * The alert pipeline, the subject registry's consumer and its rows' cache, on the configured bus (Kafka, or in
 * embedded mode the outbox feed: epro's own alert topic in-process, patients' subject events read
 * from its outbox feed).
 */
export async function startEproBackground(
  prisma: EproPrisma,
  { logger, config }: { logger: Logger; config: SubgraphConfig },
): Promise<EproBackground> {
  const bus = busForConfig(config, 'epro', logger, prisma)
  const feedPublished = createFeedWakeUp()
  const alerts = startAlertPipeline(prisma, bus, logger, config.database, () => feedPublished.wake())
  const subjects = startSubjectRegistry(prisma, bus, logger)
  const subjectRows = cacheSubjectRegistry<Subject>(config.database, logger)
  return {
    alerts,
    feedPublished,
    subjectRows: subjectRows.cache,
    // The producer closes after the relay's last publish.
    shutdownPhases: [
      ...alerts.shutdownPhases,
      { name: 'subject registry consumer leaves its group', run: () => subjects.stop() },
      { name: 'subject cache stops listening', run: () => subjectRows.stop() },
      { name: 'event bus', run: () => bus.close() },
    ],
  }
}
