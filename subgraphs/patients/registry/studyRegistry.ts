import { STUDIES_STUDY_TOPIC, type StudyEvent } from '../../../contracts/studyEvents'
import type { Logger } from '../../../platform/logging/logger'
import type { BusMessage, EventBus } from '../../../subgraph-runtime/events/eventBus'
import { startEventConsumer, type EventConsumer } from '../../../subgraph-runtime/events/eventConsumer'
import { claimEvent } from '../../../subgraph-runtime/events/outboxWrites'
import type { PatientsPrisma } from '../data/prismaClient'
import type { Prisma } from '../generated/prisma/client'

/** Consumer group of patients' study and site registry (every patients instance shares it). */
export const STUDY_REGISTRY_GROUP = 'patients-study-registry'

type Tx = Prisma.TransactionClient

/**
 * What patients learns from studies' set-up events: a study's criteria (screening answers them) and
 * whether it recruits; a site added through the API screens once it is active and stops when it is
 * not (screenPatient numbers subjects under the site row's lock, only at an active site of a
 * recruiting study). Site events carry the whole site, so the row is upserted from it; the subject
 * numbering it holds is patients' own and never reset.
 */
export function studyRegistryHandler(prisma: PatientsPrisma, logger: Logger) {
  return async (message: BusMessage): Promise<void> => {
    const event = { ...(message.payload as StudyEvent), type: message.type } as StudyEvent
    const outcome = await prisma.$transaction(async (tx) => {
      if (!(await claimEvent(tx, STUDY_REGISTRY_GROUP, message.id))) return 'redelivered'
      return apply(tx, event)
    })
    logger.info({ studyId: event.studyId, event: event.type, outcome }, 'registry updated from studies events')
  }
}

async function apply(tx: Tx, event: StudyEvent): Promise<string> {
  switch (event.type) {
    case 'StudyDefined': {
      const fields = {
        protocolId: event.protocolId,
        status: event.status,
        eligibilityCriteria: event.eligibilityCriteria.map(({ code, kind }) => ({ code, kind })),
      }
      await tx.studyRegistry.upsert({
        where: { studyId: event.studyId },
        create: { studyId: event.studyId, ...fields },
        update: fields,
      })
      return 'study known'
    }
    case 'StudyStatusChanged': {
      const { count } = await tx.studyRegistry.updateMany({
        where: { studyId: event.studyId },
        data: { status: event.status },
      })
      return count ? `study ${event.status}` : 'study unknown'
    }
    default: {
      const { site } = event
      const fields = {
        studyId: site.studyId,
        protocolId: site.protocolId,
        siteNumber: site.siteNumber,
        timeZone: site.timeZone,
        active: site.status === 'ACTIVE',
      }
      await tx.siteRegistry.upsert({
        where: { siteId: site.siteId },
        create: { siteId: site.siteId, ...fields, lastSubjectSeq: 0 },
        update: fields,
      })
      return fields.active ? 'site active' : 'site known, not active'
    }
  }
}

export const startStudyRegistry = (prisma: PatientsPrisma, bus: EventBus, logger: Logger): EventConsumer =>
  startEventConsumer(bus, {
    topic: STUDIES_STUDY_TOPIC,
    groupId: STUDY_REGISTRY_GROUP,
    logger,
    handle: studyRegistryHandler(prisma, logger),
  })
