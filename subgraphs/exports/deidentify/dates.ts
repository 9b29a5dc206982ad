import type { DatePolicy } from './profiles'

const DAY_MS = 86_400_000

/**
 * A date or date-time under the profile's date policy. Partial dates (YYYY, YYYY-MM) keep their
 * precision: shifting "2026-03" by a few days could name the wrong month, so they keep only the
 * year when shifted.
 */
export function transformDate(value: string | null, policy: DatePolicy, shiftDays: number): string | null {
  if (value === null || policy === 'exact') return value
  const year = /^(\d{4})/.exec(value)?.[1]
  if (!year) return null
  if (policy === 'year') return year
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Date(Date.parse(`${value}T00:00:00Z`) + shiftDays * DAY_MS).toISOString().slice(0, 10)
  }
  const instant = Date.parse(value)
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) && Number.isFinite(instant)) {
    return new Date(instant + shiftDays * DAY_MS).toISOString()
  }
  return year
}

/** Age in whole years at a reference date, from a year of birth (the most the system stores). */
export const ageAt = (yearOfBirth: number, referenceDate: string) => Number(referenceDate.slice(0, 4)) - yearOfBirth
