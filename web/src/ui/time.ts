/**
 * Times are shown in the site's own zone (where the visit, the dose and the diary happened),
 * with the zone named, so a monitor in another country reads the site's clock, not their own.
 */
const formats = new Map<string, Intl.DateTimeFormat>()

export function formatDateTime(iso: string | null | undefined, timeZone: string | null | undefined): string {
  if (!iso) return '—'
  const zone = timeZone || 'UTC'
  let format = formats.get(zone)
  if (!format) {
    // Field by field: browsers refuse dateStyle/timeStyle together with timeZoneName.
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      // "CET", "GMT+2": the zone is part of the time.
      timeZoneName: 'short',
    })
    formats.set(zone, format)
  }
  return format.format(new Date(iso))
}

/** A calendar date ("YYYY-MM-DD", already the site's day) in words; no zone conversion. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—'
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  })
}
