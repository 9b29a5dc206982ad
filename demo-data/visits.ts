import { dateOfDay, type DayNumber } from './calendar'
import type { Random } from './random'
import type { EnrollmentStatus, VisitRow, VisitStatus, VisitType } from './rowTypes'
import { stableUuid } from './stableId'
import type { StudyProtocol } from './studyProtocols'

export interface VisitScheduleInput {
  protocol: StudyProtocol
  patientId: string
  subjectNumber: string
  status: EnrollmentStatus
  screeningDay: DayNumber
  enrollmentDay: DayNumber | null
  withdrawalDay: DayNumber | null
  today: DayNumber
}

export interface VisitSchedule {
  visits: VisitRow[]
  /** Day of the final visit of a patient who completed the study. */
  completionDay: DayNumber | null
}

const MISSED_TREATMENT_VISIT_RATE = 0.035
const EARLY_TERMINATION_VISIT_RATE = 0.85
// Protocol visit windows are +/-3 days; most visits happen on the planned day.
const WINDOW_OFFSETS: readonly (readonly [number, number])[] = [
  [0, 40],
  [-1, 15],
  [1, 15],
  [-2, 8],
  [2, 8],
  [-3, 4],
  [3, 4],
]

/**
 * Lays out a patient's visits: screening, then (once randomised) the protocol schedule counted
 * from the baseline day. Past visits are mostly completed within their window, a few treatment
 * visits are missed; visits from today on are still scheduled. Withdrawn patients stop at their
 * withdrawal, usually with an early-termination visit.
 */
export function scheduleVisits(input: VisitScheduleInput, rng: Random): VisitSchedule {
  const { protocol, status, screeningDay, enrollmentDay, withdrawalDay, today } = input
  const visits: VisitRow[] = []
  const add = (
    name: string,
    visitType: VisitType,
    scheduledDay: DayNumber,
    actualDay: DayNumber | null,
    visitStatus: VisitStatus,
  ) => {
    const visitNumber = visits.length + 1
    visits.push({
      id: stableUuid('visit', `${input.subjectNumber}#${visitNumber}`),
      patientId: input.patientId,
      visitNumber,
      name,
      visitType,
      scheduledDate: dateOfDay(scheduledDay),
      actualDate: actualDay === null ? null : dateOfDay(actualDay),
      status: visitStatus,
    })
    return actualDay
  }

  add('Screening', 'SCREENING', screeningDay, screeningDay, 'COMPLETED')
  if (status === 'SCREEN_FAILED') return { visits, completionDay: null }
  if (status === 'SCREENING' || enrollmentDay === null) {
    const planned = screeningDay + rng.int(14, 28)
    add('Baseline (Day 1)', 'BASELINE', planned >= today ? planned : today + rng.int(1, 5), null, 'SCHEDULED')
    return { visits, completionDay: null }
  }

  let previousActual = screeningDay
  let lastActual: DayNumber | null = null
  for (const planned of protocol.visits) {
    const scheduledDay = enrollmentDay + planned.studyDay
    if (withdrawalDay !== null && scheduledDay >= withdrawalDay - 1) break
    if (scheduledDay >= today) {
      add(planned.name, planned.visitType, scheduledDay, null, 'SCHEDULED')
      continue
    }
    if (planned.visitType === 'TREATMENT' && rng.chance(MISSED_TREATMENT_VISIT_RATE)) {
      add(planned.name, planned.visitType, scheduledDay, null, 'MISSED')
      continue
    }
    const offset = planned.visitType === 'BASELINE' ? 0 : rng.weighted(WINDOW_OFFSETS)
    const latest = Math.min(today - 1, withdrawalDay ?? today - 1)
    const actualDay = Math.max(previousActual + 1, Math.min(scheduledDay + offset, latest))
    lastActual = previousActual = add(planned.name, planned.visitType, scheduledDay, actualDay, 'COMPLETED')!
  }
  if (withdrawalDay !== null && rng.chance(EARLY_TERMINATION_VISIT_RATE)) {
    add('Early Termination', 'END_OF_STUDY', withdrawalDay, withdrawalDay, 'COMPLETED')
  }
  return { visits, completionDay: status === 'COMPLETED' ? lastActual : null }
}
