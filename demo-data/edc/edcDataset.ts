import type { PatientRecord } from '../patients'
import type { GenerationContext } from '../scale'
import type { StaffDirectory } from '../staff'
import type { StudyPlan } from '../studiesAndSites'
import { EVENT_DEFS } from './eventDefs'
import { buildFormEntries, type FormEntryRow } from './formEntries'
import { FORM_LIBRARY } from './formLibrary'
import type { FormDefinition } from './odmTypes'

/** The EDC context's demo rows: form definitions (version 1), each study's schedule of forms, entered data. */
export interface EdcDataset {
  formDefinitions: { studyId: string; protocolId: string; definition: FormDefinition; version: 1 }[]
  eventDefs: { studyId: string; visitType: string; formOids: string[] }[]
  formEntries: FormEntryRow[]
}

export function buildEdcDataset(
  plans: readonly StudyPlan[],
  patients: readonly PatientRecord[],
  staff: StaffDirectory,
  context: GenerationContext,
): EdcDataset {
  return {
    formDefinitions: plans.flatMap(({ row }) =>
      (FORM_LIBRARY[row.protocolId] ?? []).map((definition) => ({
        studyId: row.id,
        protocolId: row.protocolId,
        definition,
        version: 1 as const,
      })),
    ),
    eventDefs: plans.flatMap(({ row }) =>
      (EVENT_DEFS[row.protocolId] ?? []).map((def) => ({
        studyId: row.id,
        visitType: def.visitType,
        formOids: [...def.formOids],
      })),
    ),
    formEntries: buildFormEntries(patients, staff, context),
  }
}
