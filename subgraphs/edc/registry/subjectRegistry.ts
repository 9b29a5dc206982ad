import { PATIENTS_SUBJECT_TOPIC, type SubjectEvent } from '../../../contracts/subjectEvents'
import type { Logger } from '../../../platform/logging/logger'
import type { BusMessage, EventBus } from '../../../subgraph-runtime/events/eventBus'
import { startEventConsumer, type EventConsumer } from '../../../subgraph-runtime/events/eventConsumer'
import type { EdcPrisma } from '../data/prismaClient'
import { formIdOf } from '../forms/formIdentity'

/** Consumer group of the EDC's subject registry (every edc instance shares it). */
export const SUBJECT_REGISTRY_GROUP = 'edc-subject-registry'

/**
 * What the EDC learns from the patients context's subject events: an enrolled subject joins the
 * registry its access decisions read, each scheduled visit becomes a study event, and each visit
 * gets its forms, NOT_STARTED, on the newest definition of each form its visit type has in the
 * study's schedule (event_form). Ids derive from the visit and the form, so a redelivered event
 * creates nothing twice; forms whose definition the study has not published yet are left out
 * (a later publication moves visits' forms, see publishFormVersion).
 */
export function registerSubject(prisma: EdcPrisma, logger: Logger) {
  return async (message: BusMessage): Promise<void> => {
    const event = message.payload as SubjectEvent
    if (event.type !== 'SubjectEnrolled') return
    const forms = await prisma.$transaction(async (tx) => {
      await tx.subject.upsert({
        where: { patientId: event.patientId },
        create: { patientId: event.patientId, studyId: event.studyId, siteId: event.siteId },
        update: { studyId: event.studyId, siteId: event.siteId },
      })
      await tx.studyEvent.createMany({
        data: event.visits.map((v) => ({
          visitId: v.visitId,
          patientId: event.patientId,
          visitType: v.visitType,
          visitDate: null,
        })),
        skipDuplicates: true,
      })
      const eventForms = await tx.eventForm.findMany({ where: { studyId: event.studyId }, orderBy: { ordinal: 'asc' } })
      const newest = await tx.formDefinition.findMany({
        where: { studyId: event.studyId },
        orderBy: { version: 'desc' },
        distinct: ['formOid'],
        select: { id: true, formOid: true },
      })
      const definitionOf = new Map(newest.map((d) => [d.formOid, d.id]))
      const now = new Date()
      const rows = event.visits.flatMap((v) =>
        eventForms
          .filter((ef) => ef.visitType === v.visitType && definitionOf.has(ef.formOid))
          .map((ef) => ({
            id: formIdOf(v.visitId, ef.formOid),
            visitId: v.visitId,
            patientId: event.patientId,
            studyId: event.studyId,
            siteId: event.siteId,
            formOid: ef.formOid,
            ordinal: ef.ordinal,
            definitionId: definitionOf.get(ef.formOid)!,
            status: 'NOT_STARTED' as const,
            version: 0,
            updatedAt: now,
          })),
      )
      return (await tx.formData.createMany({ data: rows, skipDuplicates: true })).count
    })
    logger.info(
      { patientId: event.patientId, visits: event.visits.length, forms },
      'subject registered from patients events',
    )
  }
}

export const startSubjectRegistry = (prisma: EdcPrisma, bus: EventBus, logger: Logger): EventConsumer =>
  startEventConsumer(bus, {
    topic: PATIENTS_SUBJECT_TOPIC,
    groupId: SUBJECT_REGISTRY_GROUP,
    logger,
    handle: registerSubject(prisma, logger),
  })
