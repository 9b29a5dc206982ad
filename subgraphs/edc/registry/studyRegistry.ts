import { STUDIES_STUDY_TOPIC, type StudyEvent } from '../../../contracts/studyEvents'
import type { Logger } from '../../../platform/logging/logger'
import type { BusMessage, EventBus } from '../../../subgraph-runtime/events/eventBus'
import { startEventConsumer, type EventConsumer } from '../../../subgraph-runtime/events/eventConsumer'
import type { EdcPrisma } from '../data/prismaClient'

/** Consumer group of the EDC's study registry (every edc instance shares it). */
export const STUDY_REGISTRY_GROUP = 'edc-study-registry'

/** Which forms each visit type of a study has, in schedule order (the EDC schedules forms per visit type). */
export function eventFormsOf(event: Extract<StudyEvent, { type: 'StudyDefined' }>) {
  const rows = new Map<string, { studyId: string; visitType: string; formOid: string; ordinal: number }>()
  const perType = new Map<string, number>()
  for (const visit of event.visitSchedule)
    for (const formOid of visit.formOids) {
      const key = `${visit.visitType}|${formOid}`
      if (rows.has(key)) continue
      const ordinal = (perType.get(visit.visitType) ?? 0) + 1
      perType.set(visit.visitType, ordinal)
      rows.set(key, { studyId: event.studyId, visitType: visit.visitType, formOid, ordinal })
    }
  return [...rows.values()]
}

/**
 * What the EDC learns from studies' set-up events: a study defined through the API gets its
 * schedule of forms (event_form), so its subjects' visits get their forms once the definitions are
 * published. Rows are keyed by study, visit type and form, so a redelivery adds nothing.
 */
export function studyRegistryHandler(prisma: EdcPrisma, logger: Logger) {
  return async (message: BusMessage): Promise<void> => {
    const event = { ...(message.payload as StudyEvent), type: message.type } as StudyEvent
    if (event.type !== 'StudyDefined') return
    const { count } = await prisma.eventForm.createMany({ data: eventFormsOf(event), skipDuplicates: true })
    logger.info({ studyId: event.studyId, eventForms: count }, 'study schedule registered from studies events')
  }
}

export const startStudyRegistry = (prisma: EdcPrisma, bus: EventBus, logger: Logger): EventConsumer =>
  startEventConsumer(bus, {
    topic: STUDIES_STUDY_TOPIC,
    groupId: STUDY_REGISTRY_GROUP,
    logger,
    handle: studyRegistryHandler(prisma, logger),
  })
