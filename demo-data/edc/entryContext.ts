import { isoDay, type DayNumber } from '../calendar'
import type { PatientRecord } from '../patients'
import type { Random } from '../random'
import type { FormValues } from './odmTypes'
import type { PatientProfile } from './patientProfile'

/** What a form's value generator knows about the visit it fills in. */
export interface VisitContext {
  patient: PatientRecord
  profile: PatientProfile
  day: DayNumber
  /** Day of the patient's previous completed visit; the visit's own day for the first. */
  previousDay: DayNumber
  /** Days since Baseline (the enrollment day): 0 at Baseline, negative at Screening. */
  studyDay: number
  rng: Random
}

export type ValueGenerator = (visit: VisitContext) => FormValues

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}

/** A DECIMAL or INTEGER as the site types it: fixed digits after the point. */
export function decimal(value: number, precision: number): string {
  return value.toFixed(precision)
}

export function integer(value: number): string {
  return String(Math.round(value))
}

export const dateValue = (day: DayNumber): string => isoDay(day)

/** An ISO 8601 reduced-precision date: the full date, the year and month, or the year. */
export function partialDate(day: DayNumber, precision: 'day' | 'month' | 'year'): string {
  const full = isoDay(day)
  return precision === 'day' ? full : precision === 'month' ? full.slice(0, 7) : full.slice(0, 4)
}
