import type { WindowSchedule } from '../data/models'

/**
 * The diary's entry window, enforced on the server (DOMAIN: entries must be made in their window,
 * not backfilled; keep device and server time, flag late entries). Windows are local times of the
 * patient's device time zone; the trusted clock is the server's receipt time, never the device's.
 */
export interface EntryWindow {
  opensAt: Date
  closesAt: Date
  lateUntil: Date
}

export type Receipt = 'TOO_EARLY' | 'ON_TIME' | 'LATE' | 'CLOSED'

/**
 * Formatters per time zone, built once: building an Intl.DateTimeFormat costs tens of
 * microseconds (its locale and zone data are resolved anew), formatting with one a few, and every
 * diary submission needs several. A zone the runtime rejects throws, as before, and is not kept.
 */
const FORMATS = {
  /** "YYYY-MM-DD" (the en-CA date format). */
  calendarDate: { locale: 'en-CA', options: { year: 'numeric', month: '2-digit', day: '2-digit' } },
  wallClock: {
    locale: 'en-US',
    options: {
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    },
  },
} satisfies Record<string, { locale: string; options: Intl.DateTimeFormatOptions }>
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(format: keyof typeof FORMATS, timeZone: string): Intl.DateTimeFormat {
  const key = `${format} ${timeZone}`
  let found = formatters.get(key)
  if (!found) {
    found = new Intl.DateTimeFormat(FORMATS[format].locale, { ...FORMATS[format].options, timeZone })
    formatters.set(key, found)
  }
  return found
}

/** The calendar date of an instant in a time zone, "YYYY-MM-DD". */
export function localDate(instant: Date, timeZone: string): string {
  return formatter('calendarDate', timeZone).format(instant)
}

/** Offset of a time zone from UTC at an instant, in milliseconds (positive east of Greenwich). */
function offsetMs(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter('wallClock', timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, Number(p.value)]),
  )
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000
}

/** The instant at which local wall time `minutes` after midnight of `date` occurs in `timeZone`. */
export function localTimeToInstant(date: string, minutes: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const wall = Date.UTC(y, m - 1, d) + minutes * 60_000
  // Two passes settle the offset across a daylight-saving change between the guess and the answer.
  let instant = wall - offsetMs(new Date(wall), timeZone)
  instant = wall - offsetMs(new Date(instant), timeZone)
  return new Date(instant)
}

export function entryWindow(entryDate: string, schedule: WindowSchedule, timeZone: string): EntryWindow {
  const opensAt = localTimeToInstant(entryDate, schedule.opensMinute, timeZone)
  const closesAt = localTimeToInstant(entryDate, schedule.closesMinute, timeZone)
  return { opensAt, closesAt, lateUntil: new Date(closesAt.getTime() + schedule.lateGraceHours * 3_600_000) }
}

export function classifyReceipt(receivedAt: Date, window: EntryWindow): Receipt {
  const t = receivedAt.getTime()
  if (t < window.opensAt.getTime()) return 'TOO_EARLY'
  if (t < window.closesAt.getTime()) return 'ON_TIME'
  if (t < window.lateUntil.getTime()) return 'LATE'
  return 'CLOSED'
}
