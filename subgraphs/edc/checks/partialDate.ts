/**
 * Calendar dates as the EDC stores them: ISO 8601 calendar dates (YYYY-MM-DD) and, for PARTIAL_DATE
 * items, ISO 8601 reduced precision (YYYY or YYYY-MM), which is what ODM 1.3.2's partialDate allows.
 * A medication "started in 2019" is common source data; inventing a day would falsify it.
 */
export interface PartialDate {
  year: number
  month?: number
  day?: number
}

// Four-digit years only: ISO 8601 needs an agreement for more, and no trial date needs one.
const DATE_PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

// Computed rather than via Date, which maps years 0-99 to 1900-1999 and would get 0000-02-29 wrong.
function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]
}

export type DateReading = { ok: true; date: PartialDate } | { ok: false; problem: 'FORMAT' | 'CALENDAR' }

/** Reads `text` as a date; `partial` also accepts YYYY and YYYY-MM. */
export function readDate(text: string, partial: boolean): DateReading {
  const match = DATE_PATTERN.exec(text)
  if (!match || (!partial && match[3] === undefined)) return { ok: false, problem: 'FORMAT' }
  const year = Number(match[1])
  if (match[2] === undefined) return { ok: true, date: { year } }
  const month = Number(match[2])
  if (month < 1 || month > 12) return { ok: false, problem: 'CALENDAR' }
  if (match[3] === undefined) return { ok: true, date: { year, month } }
  const day = Number(match[3])
  if (day < 1 || day > daysInMonth(year, month)) return { ok: false, problem: 'CALENDAR' }
  return { ok: true, date: { year, month, day } }
}

/**
 * The earliest and latest day a (partial) date can stand for, as YYYYMMDD numbers (which order like
 * the dates): 2019 → [20190101, 20191231], 2024-02 → [20240201, 20240229]. Comparisons of partial
 * dates are decided on these intervals, so "2019" is before "2020-03" but not before "2019-06".
 */
export function dateBounds(date: PartialDate): [number, number] {
  const base = date.year * 10000
  if (date.month === undefined) return [base + 101, base + 1231]
  const month = base + date.month * 100
  if (date.day === undefined) return [month + 1, month + daysInMonth(date.year, date.month)]
  return [month + date.day, month + date.day]
}
