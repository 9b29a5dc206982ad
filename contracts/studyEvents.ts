import type { ScheduledVisitDefinition } from './enrollmentSaga'

/**
 * The studies context's set-up events: how patients, inventory and the EDC learn of a study and
 * its sites when a study manager sets them up (their registries follow them; the demo data is
 * seeded instead). Keyed by study id, so one study's events keep their order. Every site event
 * carries the whole site as it now is, so a consumer upserts and never needs the earlier events.
 * Arms travel here because inventory builds the randomisation list from them; no event says which
 * subject got which arm.
 */
export const STUDIES_STUDY_TOPIC = 'studies.study.v1'

export type StudyStatusName =
  'NOT_YET_RECRUITING' | 'RECRUITING' | 'ACTIVE_NOT_RECRUITING' | 'COMPLETED' | 'SUSPENDED' | 'TERMINATED' | 'WITHDRAWN'

export interface StudyArmDefinition {
  armId: string
  code: string
  name: string
  allocationRatio: number
}

export interface StudyVisitDefinition extends ScheduledVisitDefinition {
  /** EDC form OIDs due at the visit. */
  formOids: string[]
}

export interface StudySiteSnapshot {
  siteId: string
  studyId: string
  protocolId: string
  siteNumber: string
  name: string
  timeZone: string
  enrollmentCap: number
  status: 'PENDING_ACTIVATION' | 'ACTIVE' | 'ON_HOLD' | 'CLOSED'
}

export type StudyEvent =
  | {
      type: 'StudyDefined'
      studyId: string
      protocolId: string
      status: StudyStatusName
      arms: StudyArmDefinition[]
      visitSchedule: StudyVisitDefinition[]
      eligibilityCriteria: { code: string; kind: 'INCLUSION' | 'EXCLUSION' }[]
      blockMultipliers: number[]
      lowStockThreshold: number
      doNotDispenseDays: number
    }
  | { type: 'StudyStatusChanged'; studyId: string; status: StudyStatusName }
  | { type: 'SiteAdded' | 'SiteActivated' | 'SiteCapChanged'; studyId: string; site: StudySiteSnapshot }
