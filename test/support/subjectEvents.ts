import crypto from 'node:crypto'
import { PATIENTS_SUBJECT_TOPIC, type SubjectEvent } from '../../contracts/subjectEvents'
import { STUDIES_STUDY_TOPIC, type StudyEvent } from '../../contracts/studyEvents'
import type { BusMessage } from '../../subgraph-runtime/events/eventBus'

/** A patients subject event as the bus delivers it to a registry's consumer (a fresh event id). */
export const subjectEventMessage = (event: SubjectEvent): BusMessage => ({
  id: crypto.randomUUID(),
  topic: PATIENTS_SUBJECT_TOPIC,
  key: event.patientId,
  type: event.type,
  payload: event,
  occurredAt: new Date().toISOString(),
})

/** A studies set-up event as the bus delivers it to a registry's consumer (a fresh event id). */
export const studyEventMessage = (event: StudyEvent): BusMessage => ({
  id: crypto.randomUUID(),
  topic: STUDIES_STUDY_TOPIC,
  key: event.studyId,
  type: event.type,
  payload: event,
  occurredAt: new Date().toISOString(),
})
