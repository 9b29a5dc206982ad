import type { FormData, StudyEvent } from '../generated/prisma/client'

/** Days a site has to enter a visit's forms before they count as overdue (a common EDC agreement). */
export const FORM_ENTRY_DAYS = 5

/** The forms not yet complete of visits that took place more than FORM_ENTRY_DAYS days before `now`. */
export function formsOverdue(
  forms: readonly Pick<FormData, 'visitId' | 'status'>[],
  visits: readonly Pick<StudyEvent, 'visitId' | 'visitDate'>[],
  now: Date,
): number {
  const due = now.getTime() - FORM_ENTRY_DAYS * 86_400_000
  const tookPlace = new Map(visits.map((v) => [v.visitId, v.visitDate]))
  return forms.filter((f) => {
    const date = tookPlace.get(f.visitId)
    return f.status !== 'COMPLETE' && date != null && date.getTime() < due
  }).length
}
