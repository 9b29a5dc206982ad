import { dateOfDay } from './calendar'
import { isRandomised } from './enrollmentPlan'
import type { PatientRecord } from './patients'
import type { DiaryEnrollmentRow, QuestionnaireRow } from './rowTypes'
import { stableUuid } from './stableId'
import type { StudyPlan } from './studiesAndSites'

/**
 * The evening pain diary: one entry per day, answerable 18:00 to midnight site-local time
 * ([1080, 1440) minutes). The generator treats every site clock as UTC; see diarySubmissions.ts.
 */
export const PAIN_DIARY = {
  code: 'PAIN-DIARY',
  version: '1.0',
  windowOpensMinute: 18 * 60,
  windowClosesMinute: 24 * 60,
} as const

const DIARY_TITLES: Readonly<Record<string, string>> = {
  CIPN: 'Daily Pain Diary: worst neuropathic pain (NRS-11) and symptoms',
  RA: 'Daily Pain Diary: worst joint pain (NRS-11) and symptoms',
}

export function buildQuestionnaires(plans: readonly StudyPlan[]): QuestionnaireRow[] {
  return plans.map(({ protocol, row }) => ({
    id: stableUuid('questionnaire', `${protocol.protocolId}/${PAIN_DIARY.code}/${PAIN_DIARY.version}`),
    studyId: row.id,
    code: PAIN_DIARY.code,
    title: DIARY_TITLES[protocol.indication]!,
    version: PAIN_DIARY.version,
    frequency: 'DAILY',
    windowOpensMinute: PAIN_DIARY.windowOpensMinute,
    windowClosesMinute: PAIN_DIARY.windowClosesMinute,
  }))
}

/** Every randomised patient gets the diary at baseline; it ends when they leave the study. */
export function buildDiaryEnrollments(
  patients: readonly PatientRecord[],
  questionnaires: readonly QuestionnaireRow[],
): DiaryEnrollmentRow[] {
  return patients
    .filter((p) => isRandomised(p.row.enrollmentStatus))
    .map((p) => ({
      id: stableUuid('diary-enrollment', `${p.row.subjectNumber}/${PAIN_DIARY.code}/${PAIN_DIARY.version}`),
      patientId: p.row.id,
      questionnaireId: questionnaires.find((q) => q.studyId === p.row.studyId)!.id,
      studyId: p.row.studyId,
      siteId: p.row.siteId,
      startDate: dateOfDay(p.enrollmentDay!),
      endDate: p.exitDay === null ? null : dateOfDay(p.exitDay),
    }))
}
