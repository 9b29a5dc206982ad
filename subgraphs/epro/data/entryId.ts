import { uuidFromName } from '../../../platform/ids'

/**
 * The id a diary entry is stored under when its client's submission id is already another
 * patient's entry's id. A submission id is the patient's idempotency key, not a global name: a
 * writer who (by mistake or on purpose) sends one used for another patient gets an ordinary new
 * entry — never IDEMPOTENCY_CONFLICT, which would tell them the id exists. Derived, so a retry of
 * the same request finds the same entry.
 */
export function scopedEntryId(patientId: string, submissionId: string): string {
  return uuidFromName(`epro-submission:${patientId}:${submissionId}`)
}
