import type { LabResult } from '../generated/prisma/client'

// What resolvers receive as parents (codegen mappers): storage rows, and a bare reference to the
// Patient entity, which the patients subgraph owns.
export type LabResultModel = LabResult
export interface PatientRef {
  id: string
}

/** One patient's result list as a field asks for it; the loader key for `Patient.labResults`. */
export interface PatientLabQuery {
  patientId: string
  first: number
  abnormalOnly: boolean
  /** Only results with this LOINC code; null for every code. */
  loincCode: string | null
}
