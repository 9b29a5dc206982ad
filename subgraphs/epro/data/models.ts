import type { AdverseEventAlert, AuditEvent, EproSubmission, Questionnaire } from '../generated/prisma/client'
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

/**
 * A questionnaire's entry window, stored as local times of the patient's device time zone
 * (submission/entryWindow.ts applies it).
 */
export interface WindowSchedule {
  /** Minutes after local midnight of the diary day when entry opens, and when it closes (≤ 1440). */
  opensMinute: number
  closesMinute: number
  /** Hours after closing during which an entry is still accepted, flagged late. */
  lateGraceHours: number
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
export type AdverseEventAlertModel = AdverseEventAlert

/** A row of the audit trail (subgraph-runtime/audit). */
export type AuditEventModel = AuditEvent
