/**
 * The enrollment saga's messages between contexts (orchestrated by patients; docs/enrollment.md).
 * Commands go to a participant's command topic, replies come back on its reply topic; all are
 * keyed by patient id, so one subject's messages keep their order. Every message id is derived
 * from the saga and the step (uuidFromName), so a handler that runs twice emits nothing new.
 * No message ever carries a treatment arm: the arm stays inside inventory.
 */
export const STUDIES_COMMANDS_TOPIC = 'studies.commands.v1'
export const STUDIES_REPLIES_TOPIC = 'studies.replies.v1'
export const INVENTORY_COMMANDS_TOPIC = 'inventory.commands.v1'
export const INVENTORY_REPLIES_TOPIC = 'inventory.replies.v1'

export interface SagaRef {
  sagaId: string
  patientId: string
}

/** patients → studies */
export type StudiesCommand =
  | ({ type: 'ReserveEnrollmentSlot' } & SagaRef & { studyId: string; siteId: string })
  | ({ type: 'ReleaseEnrollmentSlot' } & SagaRef & { studyId: string; siteId: string; reasonCode: string })
  | ({ type: 'ConfirmEnrollmentSlot' } & SagaRef)

/** A visit of the study's schedule, as studies defines it (the subject's visits are made from it). */
export interface ScheduledVisitDefinition {
  code: string
  name: string
  visitType: 'SCREENING' | 'BASELINE' | 'TREATMENT' | 'FOLLOW_UP' | 'END_OF_STUDY' | 'UNSCHEDULED'
  dayOffset: number
  windowBeforeDays: number
  windowAfterDays: number
  questionnaireCodes: string[]
}

/** studies → patients */
export type StudiesReply =
  | ({ type: 'SlotReserved' } & SagaRef)
  | ({ type: 'SlotRefused' } & SagaRef & { code: EnrollmentFailureCode })
  | ({ type: 'SlotReleased' } & SagaRef)
  | ({ type: 'SlotConfirmed' } & SagaRef & { visitSchedule: ScheduledVisitDefinition[]; siteTimeZone: string })

/** patients → inventory */
export type InventoryCommand =
  | ({ type: 'RandomizeAndAllocateKit' } & SagaRef & { studyId: string; siteId: string; enrollmentDate: string })
  | ({ type: 'ReleaseKitAllocation' } & SagaRef & { siteId: string; reasonCode: string })

/** inventory → patients (never the arm) */
export type InventoryReply =
  | ({ type: 'KitAllocated' } & SagaRef & { kitNumber: string; randomizationNumber: string })
  | ({ type: 'AllocationRefused' } & SagaRef & { code: EnrollmentFailureCode })
  | ({ type: 'KitAllocationReleased' } & SagaRef)

/**
 * Why an enrollment failed, as the subject's record shows it. Each has one fixed sentence
 * (patients' enrollment messages); none names an arm, so a failure reveals nothing of the blind.
 */
export const ENROLLMENT_FAILURE_CODES = [
  'SITE_CAP_REACHED',
  'STUDY_TARGET_REACHED',
  'SITE_NOT_ACTIVE',
  'STUDY_NOT_RECRUITING',
  'NO_KIT_AVAILABLE',
  'RANDOMIZATION_UNAVAILABLE',
  'PARTICIPANT_TIMEOUT',
  'SAGA_CANCELLED',
] as const
export type EnrollmentFailureCode = (typeof ENROLLMENT_FAILURE_CODES)[number]
