/**
 * Row shapes for `prisma.<model>.createMany({ data })`, one per Prisma model, declared here instead
 * of imported from the five generated clients so the generator does not depend on `prisma generate`
 * having run. Field names are the Prisma model fields (not the @map columns). createdAt and
 * updatedAt are left to their database defaults; @db.Date fields hold Dates at 00:00:00.000Z.
 */

// users
export type Role =
  'INVESTIGATOR' | 'CRC' | 'DATA_MANAGER' | 'MONITOR' | 'SPONSOR' | 'PATIENT' | 'STUDY_MANAGER' | 'UNBLINDED_PHARMACIST'
// studies
export type StudyPhase = 'PHASE_1' | 'PHASE_1_2' | 'PHASE_2' | 'PHASE_2_3' | 'PHASE_3' | 'PHASE_4'
export type StudyStatus =
  'NOT_YET_RECRUITING' | 'RECRUITING' | 'ACTIVE_NOT_RECRUITING' | 'COMPLETED' | 'SUSPENDED' | 'TERMINATED' | 'WITHDRAWN'
export type SiteStatus = 'PENDING_ACTIVATION' | 'ACTIVE' | 'ON_HOLD' | 'CLOSED'
// patients
export type EnrollmentStatus = 'SCREENING' | 'SCREEN_FAILED' | 'ENROLLED' | 'COMPLETED' | 'WITHDRAWN'
export type Sex = 'FEMALE' | 'MALE' | 'UNDIFFERENTIATED' | 'UNKNOWN'
export type VisitType = 'SCREENING' | 'BASELINE' | 'TREATMENT' | 'FOLLOW_UP' | 'END_OF_STUDY' | 'UNSCHEDULED'
export type VisitStatus = 'SCHEDULED' | 'COMPLETED' | 'MISSED' | 'CANCELLED'
// epro
export type DiaryFrequency = 'DAILY' | 'WEEKLY'
// labs
export type AbnormalFlag = 'N' | 'H' | 'L' | 'HH' | 'LL'

export interface UserRow {
  id: string
  email: string
  givenName: string
  familyName: string
  title: string | null
  phone: string | null
  organization: string | null
  active: boolean
}

export interface RoleAssignmentRow {
  id: string
  userId: string
  role: Role
  studyId: string | null
  siteId: string | null
  patientId: string | null
  grantedAt: Date
  revokedAt: Date | null
}

export interface StudyRow {
  id: string
  protocolId: string
  title: string
  shortTitle: string
  phase: StudyPhase
  status: StudyStatus
  sponsorName: string
  therapeuticArea: string
  plannedEnrollment: number
  startDate: Date | null
}

export interface SiteRow {
  id: string
  studyId: string
  siteNumber: string
  name: string
  city: string
  country: string
  timeZone: string
  enrollmentTarget: number
  status: SiteStatus
  activatedAt: Date | null
}

export interface PatientRow {
  id: string
  subjectNumber: string
  studyId: string
  siteId: string
  enrollmentStatus: EnrollmentStatus
  screeningDate: Date
  enrollmentDate: Date | null
  arm: string | null
  yearOfBirth: number
  sex: Sex
  enrollingInvestigatorId: string | null
  assignedCrcId: string | null
}

export interface VisitRow {
  id: string
  patientId: string
  visitNumber: number
  name: string
  visitType: VisitType
  scheduledDate: Date
  actualDate: Date | null
  status: VisitStatus
}

export interface QuestionnaireRow {
  id: string
  studyId: string
  code: string
  title: string
  version: string
  frequency: DiaryFrequency
  windowOpensMinute: number
  windowClosesMinute: number
}

export interface DiaryEnrollmentRow {
  id: string
  patientId: string
  questionnaireId: string
  studyId: string
  siteId: string
  startDate: Date
  endDate: Date | null
}

export type CtcaeGrade = 1 | 2 | 3 | 4 | 5

// A type alias, not an interface: only aliases are assignable to Prisma's InputJsonObject index signature.
export type SymptomReport = { term: string; grade: CtcaeGrade }

export interface EproSubmissionRow {
  id: string
  patientId: string
  questionnaireId: string
  entryDate: Date
  painScore: number
  symptoms: SymptomReport[]
  deviceTimestamp: Date
  serverTimestamp: Date
  late: boolean
}

export interface LabResultRow {
  id: string
  patientId: string
  accessionNumber: string
  loincCode: string
  testName: string
  value: number | null
  valueText: string | null
  unit: string
  referenceLow: number | null
  referenceHigh: number | null
  abnormalFlag: AbnormalFlag
  collectedAt: Date
  resultedAt: Date | null
}

/** A study's or site's enrollment slots: reserved or confirmed, and confirmed (enrolled). */
export interface EnrollmentCounters {
  slotsTaken: number
  enrolledCount: number
}

export interface StudyArmRow {
  id: string
  studyId: string
  code: string
  name: string
  allocationRatio: number
  ordinal: number
}

export interface VisitDefinitionRow {
  id: string
  studyId: string
  code: string
  name: string
  visitType: VisitType
  dayOffset: number
  windowBeforeDays: number
  windowAfterDays: number
  ordinal: number
  formOids: string[]
  questionnaireCodes: string[]
}

export interface EligibilityCriterionRow {
  studyId: string
  code: string
  kind: 'INCLUSION' | 'EXCLUSION'
  text: string
  ordinal: number
}

export interface SlotReservationRow {
  sagaId: string
  patientId: string
  studyId: string
  siteId: string
  status: 'CONFIRMED'
}
