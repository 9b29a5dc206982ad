import type { EnrollmentStatus, Patient, Visit } from '../generated/prisma/client'

// What resolvers receive as parents (codegen mappers): storage rows, and bare references to
// entities other subgraphs own.
export type PatientModel = Patient
export type VisitModel = Visit
export interface SiteRef {
  id: string
}
export interface StudyRef {
  id: string
}
export interface UserRef {
  id: string
}

export interface SitePatientsQuery {
  siteId: string
  status: EnrollmentStatus | null
  first: number
  /** Subject number of the last row of the previous page. */
  after: string | null
}

export interface PatientPage {
  query: SitePatientsQuery
  rows: Patient[]
  hasNextPage: boolean
}
