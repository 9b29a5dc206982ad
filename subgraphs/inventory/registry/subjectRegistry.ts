import { PATIENTS_SUBJECT_TOPIC, type SubjectEvent } from '../../../contracts/subjectEvents'
import type { Logger } from '../../../platform/logging/logger'
import type { BusMessage, EventBus } from '../../../subgraph-runtime/events/eventBus'
import { startEventConsumer, type EventConsumer } from '../../../subgraph-runtime/events/eventConsumer'
import type { InventoryPrisma } from '../data/prismaClient'

/** Consumer group of inventory's subject registry (every inventory instance shares it). */
export const SUBJECT_REGISTRY_GROUP = 'inventory-subject-registry'

/**
 * What inventory learns from the patients context's subject events: an enrolled subject joins the
 * registry its access decisions read (study, site, subject number), with the visits kits are
 * dispensed at. Keyed by subject and visit, so a redelivered event changes nothing.
 */
export function registerSubject(prisma: InventoryPrisma, logger: Logger) {
  return async (message: BusMessage): Promise<void> => {
    const event = message.payload as SubjectEvent
    if (event.type !== 'SubjectEnrolled') return
    await prisma.$transaction(async (tx) => {
      await tx.subject.upsert({
        where: { patientId: event.patientId },
        create: {
          patientId: event.patientId,
          studyId: event.studyId,
          siteId: event.siteId,
          subjectNumber: event.subjectNumber,
        },
        update: { studyId: event.studyId, siteId: event.siteId },
      })
      await tx.subjectVisit.createMany({
        data: event.visits.map((v) => ({ visitId: v.visitId, patientId: event.patientId, visitType: v.visitType })),
        skipDuplicates: true,
      })
    })
    logger.info({ patientId: event.patientId, visits: event.visits.length }, 'subject registered from patients events')
  }
}

export const startSubjectRegistry = (prisma: InventoryPrisma, bus: EventBus, logger: Logger): EventConsumer =>
  startEventConsumer(bus, {
    topic: PATIENTS_SUBJECT_TOPIC,
    groupId: SUBJECT_REGISTRY_GROUP,
    logger,
    handle: registerSubject(prisma, logger),
  })
