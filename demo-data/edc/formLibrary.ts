import { ADVERSE_EVENTS } from './forms/adverseEvents'
import { CONCOMITANT_MEDICATIONS } from './forms/concomitantMedications'
import { DEMOGRAPHICS } from './forms/demographics'
import { DISEASE_ACTIVITY } from './forms/diseaseActivity'
import { NEUROPATHY_ASSESSMENT, TOTAL_NEUROPATHY_SCORE } from './forms/neuropathyAssessment'
import { TUMOUR_ASSESSMENT } from './forms/tumourAssessment'
import { VITAL_SIGNS } from './forms/vitalSigns'
import type { FormDefinition } from './odmTypes'

const COMMON = [DEMOGRAPHICS, VITAL_SIGNS, CONCOMITANT_MEDICATIONS, ADVERSE_EVENTS]

/** Version 1 of every case report form, per study protocol id: the safety forms plus its efficacy forms. */
export const FORM_LIBRARY: Readonly<Record<string, readonly FormDefinition[]>> = {
  'ONC-3017': [...COMMON, NEUROPATHY_ASSESSMENT, TOTAL_NEUROPATHY_SCORE, TUMOUR_ASSESSMENT],
  'RHE-2204': [...COMMON, DISEASE_ACTIVITY],
}
