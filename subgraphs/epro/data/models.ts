import type { EproSubmission, Questionnaire } from '../generated/prisma/client'
import type { DiaryFrequency } from '../generated/prisma/enums'

// What resolvers receive as parents (codegen mappers): storage rows, computed values, and bare
// references to entities other subgraphs own.
export type QuestionnaireModel = Questionnaire
export type EproSubmissionModel = EproSubmission

/** A subject's diary compliance as of one calendar day (see data/compliance.ts). */
export interface EproComplianceModel {
  expectedEntries: number
  onTimeEntries: number
  lateEntries: number
  percentage: number | null
  diaryStartDate: Date
  diaryEndDate: Date | null
  asOf: Date
}

/** The diary schedule a compliance figure is measured against. */
export interface DiarySchedule {
  startDate: Date
  endDate: Date | null
  frequency: DiaryFrequency
}

export interface PatientRef {
  id: string
}
export interface StudyRef {
  id: string
}

/** A stored alert as resolvers receive it. */
export type AdverseEventAlertModel = import('../generated/prisma/client').AdverseEventAlert

/** A row of the audit trail (server-kit/audit). */
export type AuditEventModel = import('../generated/prisma/client').AuditEvent
