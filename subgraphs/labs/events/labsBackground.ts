import { PATIENTS_SUBJECT_TOPIC, type SubjectEvent } from '../../../contracts/subjectEvents'
import type { Logger } from '../../../platform/logging/logger'
import type { SubgraphConfig } from '../../../subgraph-runtime/config'
import { busForConfig } from '../../../subgraph-runtime/events/busForConfig'
import type { BusMessage } from '../../../subgraph-runtime/events/eventBus'
import { startEventConsumer } from '../../../subgraph-runtime/events/eventConsumer'
import type { BackgroundWork } from '../../../subgraph-runtime/subgraphModule'
import type { LabsPrisma } from '../data/prismaClient'
import type { Subject } from '../generated/prisma/client'
import { cacheSubjectRegistry } from '../../../subgraph-runtime/database/cachedRows'
import type { RowCache } from '../../../subgraph-runtime/database/rowCache'

/** Consumer group of labs' subject registry (every labs instance shares it). */
export const SUBJECT_REGISTRY_GROUP = 'labs-subject-registry'

/**
 * An enrolled subject joins the registry labs' access decisions read (study, site), from the
 * patients context's events. An upsert by patient id: a redelivery changes nothing.
 */
export const registerSubject = (prisma: LabsPrisma) => async (message: BusMessage) => {
  const event = message.payload as SubjectEvent
  if (event.type !== 'SubjectEnrolled') return
  await prisma.subject.upsert({
    where: { patientId: event.patientId },
    create: { patientId: event.patientId, studyId: event.studyId, siteId: event.siteId },
    update: { studyId: event.studyId, siteId: event.siteId },
  })
}

export interface LabsBackground extends BackgroundWork {
  /** The subject registry's rows, kept across requests: every entity fetch's access check reads them. */
  subjectRows: RowCache<Subject>
}

/** labs' background work: the subject registry's consumer, and its rows' cache. */
export async function startLabsBackground(
  prisma: LabsPrisma,
  { logger, config }: { logger: Logger; config: SubgraphConfig },
): Promise<LabsBackground> {
  const bus = busForConfig(config, 'labs', logger, prisma)
  const subjects = startEventConsumer(bus, {
    topic: PATIENTS_SUBJECT_TOPIC,
    groupId: SUBJECT_REGISTRY_GROUP,
    logger,
    handle: registerSubject(prisma),
  })
  const subjectRows = cacheSubjectRegistry<Subject>(config.database, logger)
  return {
    subjectRows: subjectRows.cache,
    shutdownPhases: [
      { name: 'subject registry consumer leaves its group', run: () => subjects.stop() },
      { name: 'subject cache stops listening', run: () => subjectRows.stop() },
      { name: 'event bus', run: () => bus.close() },
    ],
  }
}
