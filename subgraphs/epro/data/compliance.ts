import type { DiarySchedule, EproComplianceModel } from './models'

// Diary compliance arithmetic, kept pure so every edge (before start, same-day start, closed
// diary, weekly schedule) is unit-tested without a database. All dates are calendar days held as
// Dates at midnight UTC, the way Prisma returns @db.Date columns.

const DAY_MS = 24 * 60 * 60 * 1000

/** The calendar day (midnight UTC) of an instant: "today" for compliance purposes. */
export function utcDay(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()))
}

/** Last diary day that counts: the diary's end date, or asOf if the diary is still running (or ends later). */
export function periodEnd(schedule: Pick<DiarySchedule, 'endDate'>, asOf: Date): Date {
  return schedule.endDate && schedule.endDate.getTime() < asOf.getTime() ? schedule.endDate : asOf
}

/** Scheduled diary days from startDate to periodEnd inclusive: DAILY every day, WEEKLY every 7th day from the start. */
export function expectedEntries(schedule: DiarySchedule, asOf: Date): number {
  const days = Math.floor((periodEnd(schedule, asOf).getTime() - schedule.startDate.getTime()) / DAY_MS) + 1
  if (days <= 0) return 0
  return schedule.frequency === 'WEEKLY' ? Math.ceil(days / 7) : days
}

/**
 * Compliance = on-time diary days / scheduled diary days, as a percentage with one decimal.
 * Null when nothing was expected yet (a diary that starts in the future); capped at 100 because
 * extra on-time entries (e.g. an unscheduled day on a weekly diary) cannot make a subject more
 * than fully compliant. Late entries are reported but never count as compliant.
 */
export function computeCompliance(
  schedule: DiarySchedule,
  counts: { onTimeEntries: number; lateEntries: number },
  asOf: Date,
): EproComplianceModel {
  const expected = expectedEntries(schedule, asOf)
  const percentage = expected === 0 ? null : Math.min(100, Math.round((counts.onTimeEntries / expected) * 1000) / 10)
  return {
    expectedEntries: expected,
    onTimeEntries: counts.onTimeEntries,
    lateEntries: counts.lateEntries,
    percentage,
    diaryStartDate: schedule.startDate,
    diaryEndDate: schedule.endDate,
    asOf,
  }
}
