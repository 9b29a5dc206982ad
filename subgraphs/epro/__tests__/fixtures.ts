import type { Identity } from '../../../contracts/identity'
import type { EproPrisma } from '../data/prismaClient'
import type { Prisma } from '../generated/prisma/client'

// Hand-written rows for the subgraph tests. The clock is pinned to NOW, so compliance is measured
// up to 2026-11-21 (UTC).
export const NOW = new Date('2026-11-21T10:00:00Z')

export const STUDY = '5a000000-0000-4000-8000-000000000001'
export const STUDY_WITHOUT_DIARIES = '5a000000-0000-4000-8000-000000000002'
export const SITE = '5e000000-0000-4000-8000-000000000001'
export const DAILY_DIARY = '9a000000-0000-4000-8000-000000000001'
export const WEEKLY_DIARY = '9a000000-0000-4000-8000-000000000002'

/** Daily diary since 2026-11-12: 8 on-time days, one late day, one entry before the start. */
export const DAILY_PATIENT = 'aa000000-0000-4000-8000-000000000001'
/** Weekly diary 2026-11-01..2026-11-15 (3 scheduled weeks), 2 on time, one entry after the end. */
export const WEEKLY_PATIENT = 'aa000000-0000-4000-8000-000000000002'
/** Diary that starts in the future; no entries. */
export const FUTURE_PATIENT = 'aa000000-0000-4000-8000-000000000003'
/** No diary at all. */
export const NO_DIARY_PATIENT = 'aa000000-0000-4000-8000-000000000004'

/** 30 more subjects on the daily diary with 3 entries each, for statement counting. */
export const BULK_PATIENTS = Array.from(
  { length: 30 },
  (_, i) => `bb000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
)

const day = (iso: string) => new Date(`${iso}T00:00:00Z`)
let sequence = 0
const submissionId = () => `cc000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`

function entry(
  patientId: string,
  questionnaireId: string,
  entryDate: string,
  deviceTimestamp: string,
  extra: Partial<Prisma.EproSubmissionCreateManyInput> = {},
): Prisma.EproSubmissionCreateManyInput {
  return {
    id: submissionId(),
    patientId,
    questionnaireId,
    entryDate: day(entryDate),
    painScore: 3,
    deviceTimestamp: new Date(deviceTimestamp),
    ...extra,
  }
}

function enrollment(
  n: number,
  patientId: string,
  questionnaireId: string,
  startDate: string,
  endDate: string | null = null,
): Prisma.DiaryEnrollmentCreateManyInput {
  return {
    id: `dd000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    patientId,
    questionnaireId,
    studyId: STUDY,
    siteId: SITE,
    startDate: day(startDate),
    endDate: endDate ? day(endDate) : null,
  }
}

export const DAILY_PATIENT_SUBMISSIONS: Prisma.EproSubmissionCreateManyInput[] = [
  entry(DAILY_PATIENT, DAILY_DIARY, '2026-11-11', '2026-11-11T20:00:00Z'), // before the diary started
  ...['12', '13', '14', '15', '16', '17', '18', '19'].map((d) =>
    entry(DAILY_PATIENT, DAILY_DIARY, `2026-11-${d}`, `2026-11-${d}T20:00:00Z`, {
      painScore: Number(d) - 10,
      // Stored JSON is not trusted: malformed items must be skipped, not crash the query.
      symptoms:
        d === '18'
          ? [{ term: 'Nausea', grade: 2 }, { term: '', grade: 1 }, 'bad', { term: 'Fatigue', grade: 7 }]
          : d === '17'
            ? { not: 'a list' }
            : [],
    }),
  ),
  entry(DAILY_PATIENT, DAILY_DIARY, '2026-11-20', '2026-11-21T09:00:00Z', { late: true }),
]

/** The site CRC the suites act as (user id fixed: acknowledgements name it). */
export const SITE_CRC: Identity = {
  userId: 'c0000000-0000-4000-8000-000000000007',
  sessionId: 'c0000000-0000-4000-8000-0000000000aa',
  grants: [{ role: 'CRC', studyId: STUDY, siteId: SITE, patientId: null }],
}

export async function seedFixtures(prisma: EproPrisma): Promise<void> {
  // The subject registry: every fixture patient at the fixture site.
  const patients = [DAILY_PATIENT, WEEKLY_PATIENT, FUTURE_PATIENT, NO_DIARY_PATIENT, ...BULK_PATIENTS]
  await prisma.subject.createMany({ data: patients.map((patientId) => ({ patientId, studyId: STUDY, siteId: SITE })) })
  await prisma.questionnaire.createMany({
    data: [
      {
        id: DAILY_DIARY,
        studyId: STUDY,
        code: 'PAIN-DAILY',
        title: 'Daily pain diary',
        version: '1.0',
        frequency: 'DAILY',
        windowOpensMinute: 1080,
        windowClosesMinute: 1439,
      },
      {
        id: WEEKLY_DIARY,
        studyId: STUDY,
        code: 'QOL-WEEKLY',
        title: 'Weekly quality of life',
        version: '2.1',
        frequency: 'WEEKLY',
        windowOpensMinute: 480,
        windowClosesMinute: 1320,
      },
    ],
  })
  await prisma.diaryEnrollment.createMany({
    data: [
      enrollment(1, DAILY_PATIENT, DAILY_DIARY, '2026-11-12'),
      enrollment(2, WEEKLY_PATIENT, WEEKLY_DIARY, '2026-11-01', '2026-11-15'),
      enrollment(3, FUTURE_PATIENT, DAILY_DIARY, '2026-12-01'),
      ...BULK_PATIENTS.map((id, i) => enrollment(100 + i, id, DAILY_DIARY, '2026-11-01')),
    ],
  })
  await prisma.eproSubmission.createMany({
    data: [
      ...DAILY_PATIENT_SUBMISSIONS,
      entry(WEEKLY_PATIENT, WEEKLY_DIARY, '2026-11-01', '2026-11-01T12:00:00Z', {
        symptoms: [{ term: 'Fatigue', grade: 1 }],
      }),
      entry(WEEKLY_PATIENT, WEEKLY_DIARY, '2026-11-08', '2026-11-08T12:00:00Z'),
      entry(WEEKLY_PATIENT, WEEKLY_DIARY, '2026-11-16', '2026-11-16T12:00:00Z'), // after the diary ended
      ...BULK_PATIENTS.flatMap((id) =>
        ['18', '19', '20'].map((d) => entry(id, DAILY_DIARY, `2026-11-${d}`, `2026-11-${d}T19:00:00Z`)),
      ),
    ],
  })
}
