import { apportion } from './allocation'
import { MINUTE_MS, dateOfDay, dayNumberOf, instantOnDay, isoDay, type DayNumber } from './calendar'
import { painTrajectory } from './painModel'
import { randomFor, type Random } from './random'
import type { DiaryEnrollmentRow, EproSubmissionRow, QuestionnaireRow } from './rowTypes'
import type { GenerationContext } from './scale'
import { stableUuid } from './stableId'
import { dailySymptoms, drawSymptomProfile } from './symptomModel'
import type { PatientRecord } from './patients'

const LATE_SYNC_RATE = 0.03
const COMPLIANCE_RANGES = { good: [0.8, 0.98], fair: [0.6, 0.8], poor: [0.2, 0.6] } as const

interface Diary {
  patient: PatientRecord
  questionnaire: QuestionnaireRow
  firstDay: DayNumber
  /** Diary days before today: today's window may not have opened yet. */
  days: number
  compliance: number
}

/**
 * Exactly `scale.eproEntries` entries spread over the diaries. Each patient has a compliance level
 * (most 80-98 %, some poor); the total is shared in proportion to compliance x diary length, so the
 * requested count scales everyone's compliance a little rather than starving some patients.
 *
 * Site time zones are ignored: entry windows and timestamps are computed as if every site ran on
 * UTC, which keeps "the diary day" and the stored timestamps trivially comparable.
 */
export function buildDiarySubmissions(
  patients: readonly PatientRecord[],
  enrollments: readonly DiaryEnrollmentRow[],
  questionnaires: readonly QuestionnaireRow[],
  context: GenerationContext,
): EproSubmissionRow[] {
  const byPatientId = new Map(patients.map((p) => [p.row.id, p]))
  const diaries: Diary[] = enrollments.map((enrollment) => {
    const patient = byPatientId.get(enrollment.patientId)!
    const firstDay = dayNumberOf(enrollment.startDate)
    const lastDay = Math.min(
      enrollment.endDate ? dayNumberOf(enrollment.endDate) : context.today - 1,
      context.today - 1,
    )
    const rng = randomFor(context.seed, 'diary-compliance', patient.row.subjectNumber)
    const adherence = rng.weighted([
      ['good', 75],
      ['fair', 17],
      ['poor', 8],
    ] as const)
    const [low, high] = COMPLIANCE_RANGES[adherence]
    const compliance = rng.float(low, high)
    const questionnaire = questionnaires.find((q) => q.id === enrollment.questionnaireId)!
    return { patient, questionnaire, firstDay, days: Math.max(0, lastDay - firstDay + 1), compliance }
  })
  const capacity = diaries.reduce((sum, d) => sum + d.days, 0)
  if (context.scale.eproEntries > capacity) {
    throw new RangeError(
      `scale.eproEntries (${context.scale.eproEntries}) exceeds the ${capacity} diary days this scale produces`,
    )
  }
  const counts = apportion(
    context.scale.eproEntries,
    diaries.map((d) => d.compliance * d.days),
    diaries.map((d) => d.days),
  )
  return diaries.flatMap((diary, i) => diaryEntries(diary, counts[i]!, context))
}

function diaryEntries(diary: Diary, count: number, context: GenerationContext): EproSubmissionRow[] {
  const { patient, questionnaire } = diary
  const subject = patient.row.subjectNumber
  const indication = patient.study.protocol.indication
  const pain = painTrajectory(
    indication,
    patient.row.arm,
    patient.row.enrollmentStatus === 'WITHDRAWN',
    diary.days,
    randomFor(context.seed, 'pain', subject),
  )
  const symptomRng = randomFor(context.seed, 'symptoms', subject)
  const profile = drawSymptomProfile(indication, symptomRng)
  const timingRng = randomFor(context.seed, 'diary-timing', subject)
  return answeredDays(diary.days, count, randomFor(context.seed, 'diary-days', subject)).map((dayIndex) => {
    const day = diary.firstDay + dayIndex
    const timing = entryTiming(day, questionnaire, context.anchor, timingRng)
    return {
      id: stableUuid('epro-submission', `${subject}/${questionnaire.code}/${isoDay(day)}`),
      patientId: patient.row.id,
      questionnaireId: questionnaire.id,
      entryDate: dateOfDay(day),
      painScore: pain[dayIndex]!,
      symptoms: dailySymptoms(profile, pain[dayIndex]!, symptomRng),
      ...timing,
    }
  })
}

/**
 * Which diary days were answered. Missed days cluster (a trip, a bad week) and grow more common as
 * the novelty wears off, so the propensity to miss is smoothed noise plus a slow upward drift.
 */
function answeredDays(days: number, count: number, rng: Random): number[] {
  let drift = 0
  const propensity = Array.from({ length: days }, (_, i) => {
    drift = 0.75 * drift + 0.25 * rng.next()
    return { i, score: drift + 0.35 * rng.next() + (0.25 * i) / Math.max(days, 1) }
  })
  return propensity
    .sort((a, b) => a.score - b.score || a.i - b.i)
    .slice(0, count)
    .map((p) => p.i)
    .sort((a, b) => a - b)
}

/**
 * Completed in the evening window; the phone usually syncs seconds to minutes later. A few
 * entries sync the next morning (phone offline): received after the window closed, hence late.
 */
function entryTiming(day: DayNumber, questionnaire: QuestionnaireRow, anchor: Date, rng: Random) {
  const opens = questionnaire.windowOpensMinute
  const closes = questionnaire.windowClosesMinute
  const minute = Math.min(Math.max(rng.normal(21 * 60, 55), opens), closes - 3) + rng.next() * 0.99
  const deviceTimestamp = instantOnDay(day, minute)
  const windowClose = instantOnDay(day, closes).getTime()
  const nextMorning = windowClose + rng.int(5, 9 * 60) * MINUTE_MS + rng.int(0, 59_999)
  if (rng.chance(LATE_SYNC_RATE) && nextMorning <= anchor.getTime()) {
    return { deviceTimestamp, serverTimestamp: new Date(nextMorning), late: true }
  }
  const delayMs = rng.chance(0.75) ? rng.int(1_500, 30_000) : rng.int(30_000, 15 * MINUTE_MS)
  const serverMs = Math.min(deviceTimestamp.getTime() + delayMs, windowClose - 1_000)
  return { deviceTimestamp, serverTimestamp: new Date(serverMs), late: false }
}
