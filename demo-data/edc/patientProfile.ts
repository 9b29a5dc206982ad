import type { PatientRecord } from '../patients'
import type { Random } from '../random'
import { drawDiseaseActivityProfile, type DiseaseActivityProfile } from './diseaseActivityValues'
import { drawNeuropathyProfile, type NeuropathyProfile } from './neuropathyValues'
import { drawTumourProfile, type TumourProfile } from './tumourValues'
import { drawVitalSignProfile, type VitalSignProfile } from './vitalSignValues'

/** A patient's stable traits, drawn once from the patient's stream so every visit agrees with them. */
export interface PatientProfile {
  vitals: VitalSignProfile
  neuropathy: NeuropathyProfile
  tumour: TumourProfile
  diseaseActivity: DiseaseActivityProfile
}

export function drawPatientProfile(patient: PatientRecord, rng: Random): PatientProfile {
  return {
    vitals: drawVitalSignProfile(patient, rng),
    neuropathy: drawNeuropathyProfile(patient, rng),
    tumour: drawTumourProfile(rng),
    diseaseActivity: drawDiseaseActivityProfile(patient, rng),
  }
}
