import type {
  AuditEvent,
  DataQuery,
  FormData,
  FormDefinition,
  ItemData,
  LockState,
  QueryMessage,
  Signature,
} from '../generated/prisma/client'

// What resolvers receive as parents (codegen mappers): storage rows, and bare references to the
// entities other contexts own (Visit and Patient: patients).

/** A stored definition version; its `definition` document is parsed (once per id) by the logic. */
export type FormDefinitionModel = FormDefinition

/** A form of one visit of one patient (created NOT_STARTED with its visit). */
export type FormModel = FormData

export type ItemValueModel = ItemData
export type DataQueryModel = DataQuery
export type QueryMessageModel = QueryMessage
export type SignatureModel = Signature
export type AuditEventModel = AuditEvent

export interface VisitRef {
  id: string
}
export interface SiteRef {
  id: string
}
export interface StudyRef {
  id: string
}
export interface PatientRef {
  id: string
}

export interface CasebookModel {
  patientId: string
  forms: FormModel[]
  lock: LockState
}

export interface SdvWorklistEntry {
  form: FormModel
  unverifiedCount: number
  unverifiedCriticalCount: number
  cursor: string
}

export interface DataQueryPage {
  rows: DataQuery[]
  hasNextPage: boolean
}
export interface SdvWorklistPage {
  entries: SdvWorklistEntry[]
  hasNextPage: boolean
}
