import { EVENT_DEFS } from './edc/eventDefs'
import { PAIN_DIARY } from './epro'
import { isRandomised } from './enrollmentPlan'
import type { PatientRecord } from './patients'
import type {
  EligibilityCriterionRow,
  EnrollmentCounters,
  SiteRow,
  SlotReservationRow,
  StudyArmRow,
  StudyRow,
  VisitDefinitionRow,
} from './rowTypes'
import { stableUuid } from './stableId'
import type { StudyPlan } from './studiesAndSites'
import type { Indication, PlannedVisit } from './studyProtocols'

export interface StudySetup {
  studies: (StudyRow & EnrollmentCounters)[]
  sites: (SiteRow & EnrollmentCounters & { enrollmentCap: number })[]
  arms: StudyArmRow[]
  visitDefinitions: VisitDefinitionRow[]
  eligibilityCriteria: EligibilityCriterionRow[]
  slotReservations: SlotReservationRow[]
}

// Protocol visit windows are +/-3 days (visits.ts); baseline is the day of randomisation itself.
const WINDOW_DAYS = 3

const CRITERIA: Readonly<Record<Indication, readonly Omit<EligibilityCriterionRow, 'studyId' | 'ordinal'>[]>> = {
  CIPN: [
    {
      code: 'IN-01',
      kind: 'INCLUSION',
      text: 'Adult (18 years or older) who completed neurotoxic chemotherapy at least 3 months ago.',
    },
    {
      code: 'IN-02',
      kind: 'INCLUSION',
      text: 'Average daily worst pain of 4 or more (NRS-11) over the screening week.',
    },
    { code: 'EX-01', kind: 'EXCLUSION', text: 'Neuropathy from another cause (e.g. diabetes, B12 deficiency).' },
  ],
  RA: [
    {
      code: 'IN-01',
      kind: 'INCLUSION',
      text: 'Adult with rheumatoid arthritis (ACR/EULAR 2010) for at least 6 months.',
    },
    {
      code: 'IN-02',
      kind: 'INCLUSION',
      text: 'Active disease (DAS28-CRP above 3.2) despite methotrexate for 12 weeks or more.',
    },
    { code: 'EX-01', kind: 'EXCLUSION', text: 'Prior treatment with a biologic or targeted synthetic DMARD.' },
  ],
}

const visitCode = (visit: PlannedVisit) =>
  visit.visitType === 'BASELINE' ? 'BASELINE' : `${visit.visitType === 'FOLLOW_UP' ? 'FU' : 'W'}${visit.studyDay / 7}`

/**
 * The set-up the studies context keeps for each demo study: its blinded arms (A and B, 1:1, the
 * labels the patients carry), the visit schedule of its protocol, eligibility criteria, and one
 * CONFIRMED slot per randomised patient, so the counters hold the invariant the enrollment saga
 * keeps: slots taken = RESERVED + CONFIRMED slots, enrolled = CONFIRMED, per site and per study.
 */
export function buildStudySetup(plans: readonly StudyPlan[], patients: readonly PatientRecord[]): StudySetup {
  const randomised = patients.filter((p) => isRandomised(p.row.enrollmentStatus))
  const slotReservations = randomised.map((p): SlotReservationRow => ({
    sagaId: stableUuid('seed-slot', p.row.id),
    patientId: p.row.id,
    studyId: p.row.studyId,
    siteId: p.row.siteId,
    status: 'CONFIRMED',
  }))
  const taken = new Map<string, number>()
  for (const slot of slotReservations)
    for (const id of [slot.studyId, slot.siteId]) taken.set(id, (taken.get(id) ?? 0) + 1)
  const count = (id: string) => taken.get(id) ?? 0
  const counters = (n: number): EnrollmentCounters => ({ slotsTaken: n, enrolledCount: n })
  return {
    studies: plans.map((p) => ({ ...p.row, ...counters(count(p.row.id)) })),
    sites: plans.flatMap((p) =>
      p.sites.map((s) => {
        const slots = count(s.row.id)
        return { ...s.row, enrollmentCap: Math.max(s.row.enrollmentTarget, slots + 10), ...counters(slots) }
      }),
    ),
    arms: plans.flatMap(({ row }) =>
      ['A', 'B'].map((code, ordinal) => ({
        id: stableUuid('study-arm', `${row.protocolId}/${code}`),
        studyId: row.id,
        code,
        name: `Arm ${code}`,
        allocationRatio: 1,
        ordinal,
      })),
    ),
    visitDefinitions: plans.flatMap(({ protocol, row }) =>
      protocol.visits.map((visit, ordinal) => {
        const baseline = visit.visitType === 'BASELINE'
        const code = visitCode(visit)
        return {
          id: stableUuid('visit-definition', `${row.protocolId}/${code}`),
          studyId: row.id,
          code,
          name: visit.name,
          visitType: visit.visitType,
          dayOffset: visit.studyDay,
          windowBeforeDays: baseline ? 0 : WINDOW_DAYS,
          windowAfterDays: baseline ? 0 : WINDOW_DAYS,
          ordinal,
          formOids: [...(EVENT_DEFS[row.protocolId]?.find((d) => d.visitType === visit.visitType)?.formOids ?? [])],
          questionnaireCodes: baseline ? [PAIN_DIARY.code] : [],
        }
      }),
    ),
    eligibilityCriteria: plans.flatMap(({ protocol, row }) =>
      CRITERIA[protocol.indication].map((c, ordinal) => ({ ...c, studyId: row.id, ordinal })),
    ),
    slotReservations,
  }
}
