import type { ScheduledVisitDefinition } from '../../../contracts/enrollmentSaga'

export interface PlannedVisit {
  code: string
  name: string
  visitType: ScheduledVisitDefinition['visitType']
  scheduledDate: string
  windowStart: string
  windowEnd: string
  questionnaireCodes: string[]
}

const addDays = (isoDate: string, days: number) => {
  const d = new Date(`${isoDate}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/**
 * A subject's visits from the study's schedule: each on enrollment date + its day offset (the
 * baseline is day 0), with the protocol's window around it, in schedule order. Calendar dates in
 * the site's calendar: the enrollment date already is one, so no time zone arithmetic here.
 */
export function planVisits(schedule: readonly ScheduledVisitDefinition[], enrollmentDate: string): PlannedVisit[] {
  return [...schedule]
    .sort((a, b) => a.dayOffset - b.dayOffset)
    .map((v) => {
      const scheduledDate = addDays(enrollmentDate, v.dayOffset)
      return {
        code: v.code,
        name: v.name,
        visitType: v.visitType,
        scheduledDate,
        windowStart: addDays(scheduledDate, -v.windowBeforeDays),
        windowEnd: addDays(scheduledDate, v.windowAfterDays),
        questionnaireCodes: v.questionnaireCodes,
      }
    })
}
