import crypto from 'node:crypto'
import { PATIENTS_SUBJECT_TOPIC, type SubjectEvent } from '../../contracts/subjectEvents'
import { STUDIES_STUDY_TOPIC, type StudyEvent } from '../../contracts/studyEvents'
import type { BusMessage } from '../../subgraph-runtime/events/eventBus'

/** An event as the bus delivers it to a consumer: a fresh event id, the event's type and payload. */
const deliveredEvent = (topic: string, key: string, event: { type: string }): BusMessage => ({
  id: crypto.randomUUID(),
  topic,
  key,
  type: event.type,
  payload: event,
  occurredAt: new Date().toISOString(),
})

/** A patients subject event as the bus delivers it to a registry's consumer (keyed by patient). */
export const subjectEventMessage = (event: SubjectEvent): BusMessage =>
  deliveredEvent(PATIENTS_SUBJECT_TOPIC, event.patientId, event)

/** A studies set-up event as the bus delivers it to a registry's consumer (keyed by study). */
export const studyEventMessage = (event: StudyEvent): BusMessage =>
  deliveredEvent(STUDIES_STUDY_TOPIC, event.studyId, event)
