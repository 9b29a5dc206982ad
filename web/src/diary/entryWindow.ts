/** The diary day and minute of the day at the site (the schedule's clock), from the device's clock. */
export function siteClock(now: Date, timeZone: string): { date: string; minute: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  )
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) }
}

export const clockText = (minute: number) =>
  `${String(Math.floor(minute / 60) % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`

/** The day before a "YYYY-MM-DD" day. */
export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - 1)
  return d.toISOString().slice(0, 10)
}

export type DueEntry =
  | { kind: 'due'; entryDate: string; late: boolean; closes: number }
  | { kind: 'notYet'; opens: number }
  | { kind: 'done' }

/**
 * Which diary day the patient can fill in now, by the site's clock: today's once its window has
 * opened (after it closes, still today's: a late entry within the grace period); before that,
 * yesterday's if it is missing (late). The server decides in the end, with the grace period.
 */
export function dueEntry(
  clock: { date: string; minute: number },
  window: { opens: number; closes: number },
  recorded: ReadonlySet<string>,
): DueEntry {
  if (clock.minute >= window.opens)
    return recorded.has(clock.date)
      ? { kind: 'done' }
      : { kind: 'due', entryDate: clock.date, late: clock.minute >= window.closes, closes: window.closes }
  const yesterday = dayBefore(clock.date)
  if (!recorded.has(yesterday)) return { kind: 'due', entryDate: yesterday, late: true, closes: window.closes }
  return { kind: 'notYet', opens: window.opens }
}
