import {
  INVENTORY_COMMANDS_TOPIC,
  INVENTORY_REPLIES_TOPIC,
  STUDIES_COMMANDS_TOPIC,
  STUDIES_REPLIES_TOPIC,
} from './enrollmentSaga'
import { STUDIES_STUDY_TOPIC } from './studyEvents'
import { PATIENTS_SUBJECT_TOPIC } from './subjectEvents'

/**
 * Which context writes each topic (to its own outbox): in embedded mode a consumer reads a topic
 * from its producer's outbox feed, so the producer must be known. Commands are written by the
 * saga's orchestrator (patients), not by the context they are addressed to.
 */
export const TOPIC_PRODUCERS: Readonly<Record<string, string>> = {
  'epro.ae-alerts.v1': 'epro',
  [PATIENTS_SUBJECT_TOPIC]: 'patients',
  [STUDIES_COMMANDS_TOPIC]: 'patients',
  [INVENTORY_COMMANDS_TOPIC]: 'patients',
  [STUDIES_REPLIES_TOPIC]: 'studies',
  [STUDIES_STUDY_TOPIC]: 'studies',
  [INVENTORY_REPLIES_TOPIC]: 'inventory',
}
