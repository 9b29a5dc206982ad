import type { StudiesPrisma } from '../data/prismaClient'

// Hand-written fixture rows with fixed UUIDs: two named studies (sites inserted out of number
// order), plus ten bulk studies of three sites each for the statement-count checks.
const id = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`
export const studyId = (n: number) => id('cccccccc', n)
export const siteId = (n: number) => id('bbbbbbbb', n)

export const ONC = studyId(1)
export const CARD = studyId(2)
export const BULK_STUDIES = Array.from({ length: 10 }, (_, i) => studyId(100 + i))
export const BULK_SITES = BULK_STUDIES.flatMap((_, s) => [0, 1, 2].map((k) => siteId(100 + s * 3 + k)))

const study = (uid: string, protocolId: string, shortTitle: string) => ({
  id: uid,
  protocolId,
  title: `${shortTitle}: a randomised, double-blind, placebo-controlled study`,
  shortTitle,
  phase: 'PHASE_3' as const,
  status: 'RECRUITING' as const,
  sponsorName: 'Example Pharma',
  therapeuticArea: 'Oncology',
  plannedEnrollment: 300,
  startDate: new Date('2025-01-15T00:00:00Z'),
})

const site = (
  uid: string,
  studyUid: string,
  siteNumber: string,
  name: string,
  city: string,
  country: string,
  timeZone: string,
) => ({
  id: uid,
  studyId: studyUid,
  siteNumber,
  name,
  city,
  country,
  timeZone,
  enrollmentTarget: 20,
  enrollmentCap: 25,
  status: 'ACTIVE' as const,
  activatedAt: new Date('2025-02-01T00:00:00Z'),
})

export async function seedStudiesFixture(prisma: StudiesPrisma): Promise<void> {
  await prisma.study.createMany({
    data: [
      study(ONC, 'ONC-3017', 'ONC-3017'),
      {
        ...study(CARD, 'CARD-2201', 'CARD-2201'),
        phase: 'PHASE_2',
        status: 'NOT_YET_RECRUITING',
        therapeuticArea: 'Cardiology',
        startDate: null,
      },
      ...BULK_STUDIES.map((uid, i) => study(uid, `BULK-${100 + i}`, `Bulk ${i}`)),
    ],
  })
  await prisma.site.createMany({
    data: [
      site(siteId(3), ONC, '103', 'Hospital Santa Maria', 'Lisbon', 'PT', 'Europe/Lisbon'),
      site(siteId(1), ONC, '101', 'Charité', 'Berlin', 'DE', 'Europe/Berlin'),
      {
        ...site(siteId(2), ONC, '102', 'Karolinska', 'Stockholm', 'SE', 'Europe/Stockholm'),
        status: 'PENDING_ACTIVATION',
        activatedAt: null,
      },
      ...BULK_SITES.map((uid, i) =>
        site(
          uid,
          BULK_STUDIES[Math.floor(i / 3)]!,
          String(201 + (i % 3)),
          `Bulk site ${i}`,
          'Boston',
          'US',
          'America/New_York',
        ),
      ),
    ],
  })
}

/** A valid createStudy input (two arms 2:1, baseline and week 4, two criteria), with overrides. */
export function studyDefinition(protocolId: string, overrides: Record<string, unknown> = {}) {
  return {
    protocolId,
    title: 'A randomised, double-blind study of set-up',
    shortTitle: 'Set-up study',
    phase: 'PHASE_2',
    sponsorName: 'Example Pharma',
    therapeuticArea: 'Oncology',
    enrollmentTarget: 40,
    arms: [
      { code: 'ACTIVE', name: 'Active 10 mg', allocationRatio: 2 },
      { code: 'PBO', name: 'Placebo', allocationRatio: 1 },
    ],
    visitSchedule: [
      {
        code: 'BASELINE',
        name: 'Baseline',
        visitType: 'BASELINE',
        dayOffset: 0,
        windowBeforeDays: 0,
        windowAfterDays: 0,
        formOids: ['F.VS'],
        questionnaireCodes: ['PAIN-DIARY'],
      },
      {
        code: 'W4',
        name: 'Week 4',
        visitType: 'TREATMENT',
        dayOffset: 28,
        windowBeforeDays: 3,
        windowAfterDays: 3,
        formOids: ['F.VS', 'F.AE'],
        questionnaireCodes: [],
      },
    ],
    eligibilityCriteria: [
      { code: 'IN-01', kind: 'INCLUSION', text: 'Adult.' },
      { code: 'EX-01', kind: 'EXCLUSION', text: 'Pregnant.' },
    ],
    ...overrides,
  }
}
/** An addSite input. */
export const newSite = (studyId: string, siteNumber: string, enrollmentCap = 5) => ({
  studyId,
  siteNumber,
  name: `Site ${siteNumber}`,
  city: 'Lyon',
  country: 'FR',
  timeZone: 'Europe/Paris',
  enrollmentCap,
})
