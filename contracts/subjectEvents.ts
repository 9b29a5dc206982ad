/**
 * The patients context's subject events: how epro, labs, edc and inventory learn of a subject who
 * was enrolled or failed to enroll (their subject registries follow them). Keyed by patient id.
 * Ids, dates and the visit list only: no demographics, no clinical free text, never an arm.
 */
export const PATIENTS_SUBJECT_TOPIC = 'patients.subject.v1'

export interface SubjectVisit {
  visitId: string
  visitNumber: number
  name: string
  visitType: string
  scheduledDate: string
  windowStart: string | null
  windowEnd: string | null
  questionnaireCodes: string[]
}

export type SubjectEvent =
  | {
      type: 'SubjectEnrolled'
      patientId: string
      subjectNumber: string
      studyId: string
      siteId: string
      enrollmentDate: string
      timeZone: string
      visits: SubjectVisit[]
    }
  | { type: 'SubjectEnrollmentFailed'; patientId: string; studyId: string; siteId: string; code: string }
  /** The subject left the study on withdrawnOn: nothing is expected of them after that day. */
  | { type: 'SubjectWithdrawn'; patientId: string; studyId: string; siteId: string; withdrawnOn: string }
