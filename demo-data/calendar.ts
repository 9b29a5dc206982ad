/**
 * Calendar arithmetic on whole UTC days. Internally a date is a day number (days since
 * 1970-01-01), which keeps schedule maths in integers; rows get Date objects at 00:00:00.000Z,
 * the shape Prisma expects for @db.Date columns.
 */
export const MINUTE_MS = 60_000
export const HOUR_MS = 60 * MINUTE_MS
export const DAY_MS = 24 * HOUR_MS

export type DayNumber = number

export function dayNumberOf(instant: Date): DayNumber {
  return Math.floor(instant.getTime() / DAY_MS)
}

/** The calendar date of a day number, at midnight UTC. */
export function dateOfDay(day: DayNumber): Date {
  return new Date(day * DAY_MS)
}

/** An instant on a day, `minutes` after midnight UTC (fractions allowed). */
export function instantOnDay(day: DayNumber, minutes: number): Date {
  return new Date(day * DAY_MS + Math.round(minutes * MINUTE_MS))
}

export function isoDay(day: DayNumber): string {
  return dateOfDay(day).toISOString().slice(0, 10)
}

export function yearOfDay(day: DayNumber): number {
  return dateOfDay(day).getUTCFullYear()
}
