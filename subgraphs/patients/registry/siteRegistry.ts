import { STUDIES_STUDY_TOPIC, type StudyEvent } from '../../../contracts/studyEvents'
import type { Logger } from '../../../platform/logging/logger'
import type { BusMessage, EventBus } from '../../../subgraph-runtime/events/eventBus'
import { startEventConsumer, type EventConsumer } from '../../../subgraph-runtime/events/eventConsumer'
import { claimEvent } from '../../../subgraph-runtime/events/outboxWrites'
import type { PatientsPrisma } from '../data/prismaClient'

/** Consumer group of patients' site registry (every patients instance shares it). */
export const SITE_REGISTRY_GROUP = 'patients-study-registry'

/**
 * What patients learns from studies' set-up events: a site added through the API can screen once
 * it is active, and stops screening when it is not (screenPatient numbers subjects under the
 * registry row's lock and only at an active site). Each site event carries the whole site, so the
 * row is upserted from it; the subject numbering it holds is patients' own and never reset.
 */
export function siteRegistryHandler(prisma: PatientsPrisma, logger: Logger) {
  return async (message: BusMessage): Promise<void> => {
    const event = { ...(message.payload as StudyEvent), type: message.type } as StudyEvent
    if (event.type !== 'SiteAdded' && event.type !== 'SiteActivated' && event.type !== 'SiteCapChanged') return
    const { site } = event
    const outcome = await prisma.$transaction(async (tx) => {
      if (!(await claimEvent(tx, SITE_REGISTRY_GROUP, message.id))) return 'redelivered'
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
      return fields.active ? 'site open for screening' : 'site known, not open'
    })
    logger.info({ siteId: site.siteId, event: event.type, outcome }, 'site registry updated from studies events')
  }
}

export const startSiteRegistry = (prisma: PatientsPrisma, bus: EventBus, logger: Logger): EventConsumer =>
  startEventConsumer(bus, {
    topic: STUDIES_STUDY_TOPIC,
    groupId: SITE_REGISTRY_GROUP,
    logger,
    handle: siteRegistryHandler(prisma, logger),
  })
