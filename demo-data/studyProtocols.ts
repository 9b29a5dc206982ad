import type { EnrollmentStatus, StudyPhase, StudyStatus, VisitType } from './rowTypes'

/** Drives the indication-specific models: pain trajectories, symptom mix and lab effects. */
export type Indication = 'CIPN' | 'RA'

export interface PlannedVisit {
  name: string
  visitType: Extract<VisitType, 'BASELINE' | 'TREATMENT' | 'FOLLOW_UP'>
  /** Days after the baseline visit, which is the enrollment (randomisation) day. */
  studyDay: number
}

export interface StudyProtocol {
  protocolId: string
  title: string
  shortTitle: string
  phase: StudyPhase
  status: StudyStatus
  sponsorName: string
  sponsorDomain: string
  croName: string
  croDomain: string
  /** Reserved fictional ranges, see siteCatalog.ts; null where none exists. */
  sponsorPhonePrefix: string | null
  croPhonePrefix: string | null
  therapeuticArea: string
  indication: Indication
  /** Study start, in days before the anchor day. Everything is relative so any anchor works. */
  startedDaysAgo: number
  /** Days after study start on which the n-th site was activated. */
  siteActivationDays: readonly number[]
  /** Enrollment closed this many days before the anchor; null while still recruiting. */
  enrollmentClosedDaysAgo: number | null
  /** Relative share of each status among a site's screened patients. */
  statusMix: Readonly<Record<EnrollmentStatus, number>>
  /** plannedEnrollment = randomised so far x factor: a recruiting study is not full yet. */
  enrollmentTargetFactor: number
  /** Visits after screening; the last one ends a completed patient's participation. */
  visits: readonly PlannedVisit[]
  femaleShare: number
  meanAge: number
}

const week = (n: number): PlannedVisit => ({ name: `Week ${n}`, visitType: 'TREATMENT', studyDay: 7 * n })
const baseline: PlannedVisit = { name: 'Baseline (Day 1)', visitType: 'BASELINE', studyDay: 0 }
const followUp = (n: number): PlannedVisit => ({
  name: `Follow-up (Week ${n})`,
  visitType: 'FOLLOW_UP',
  studyDay: 7 * n,
})

// Sponsors, compounds and CROs are fictional; their domains use the reserved .example TLD.
export const STUDY_PROTOCOLS: readonly [StudyProtocol, StudyProtocol] = [
  {
    protocolId: 'ONC-3017',
    title:
      'A Phase 3, Randomized, Double-Blind, Placebo-Controlled Study of SLV-417 for the Treatment of Painful Chemotherapy-Induced Peripheral Neuropathy',
    shortTitle: 'SLV-417 in painful CIPN',
    phase: 'PHASE_3',
    status: 'RECRUITING',
    sponsorName: 'Solvane Therapeutics, Inc.',
    sponsorDomain: 'solvane-tx.example',
    croName: 'Northbridge Clinical Research',
    croDomain: 'northbridge-cro.example',
    sponsorPhonePrefix: '+1 617 555 01',
    croPhonePrefix: '+1 919 555 01',
    therapeuticArea: 'Oncology (supportive care)',
    indication: 'CIPN',
    startedDaysAgo: 330,
    siteActivationDays: [0, 14, 35, 56, 84, 105, 126, 147],
    enrollmentClosedDaysAgo: null,
    statusMix: { SCREENING: 5, SCREEN_FAILED: 18, ENROLLED: 60, COMPLETED: 8, WITHDRAWN: 9 },
    enrollmentTargetFactor: 1.5,
    // Every two weeks through the 12-week treatment period, then a safety follow-up.
    visits: [baseline, week(2), week(4), week(6), week(8), week(10), week(12), followUp(16)],
    femaleShare: 0.62,
    meanAge: 60,
  },
  {
    protocolId: 'RHE-2204',
    title:
      'A Phase 2, Randomized, Double-Blind, Placebo-Controlled Study of ARV-2204 in Adults With Moderately to Severely Active Rheumatoid Arthritis and an Inadequate Response to Methotrexate',
    shortTitle: 'ARV-2204 in active RA (MTX-IR)',
    phase: 'PHASE_2',
    status: 'ACTIVE_NOT_RECRUITING',
    sponsorName: 'Arvenna Biopharma GmbH',
    sponsorDomain: 'arvenna-bio.example',
    croName: 'Helix Park Clinical Services',
    croDomain: 'helixpark-cro.example',
    sponsorPhonePrefix: null,
    croPhonePrefix: '+44 20 7946 0',
    therapeuticArea: 'Rheumatology',
    indication: 'RA',
    startedDaysAgo: 420,
    siteActivationDays: [0, 28, 56, 84, 112, 140],
    enrollmentClosedDaysAgo: 21,
    statusMix: { SCREENING: 0, SCREEN_FAILED: 20, ENROLLED: 52, COMPLETED: 18, WITHDRAWN: 10 },
    enrollmentTargetFactor: 1,
    // Dense early visits to catch the onset of response, 4-weekly up to the Week 12 primary endpoint.
    visits: [baseline, week(2), week(4), week(8), week(12), followUp(16)],
    femaleShare: 0.76,
    meanAge: 56,
  },
]

/** Day (after baseline) of the last planned visit: a patient enrolled longer ago has finished. */
export function lastStudyDay(protocol: StudyProtocol): number {
  return protocol.visits[protocol.visits.length - 1]!.studyDay
}
