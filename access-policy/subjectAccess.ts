import DataLoader from 'dataloader'
import type { Identity } from '../contracts/identity'
import { mayReadSubject, type SubjectScope } from './accessPolicy'
import { forbidden } from './forbidden'

/**
 * Access to one subject's data in a context that holds patient data but not the patients
 * themselves (ePRO, labs): the context's own subject registry says which study and site a patient
 * belongs to — one batched statement per request, or none when the process caches the registry —
 * and the policy decides. A subject the registry does not know gets the same FORBIDDEN as one at
 * another site.
 */
type Decision = (identity: Identity | null, subject: SubjectScope) => boolean

export function createSubjectAccess(
  identity: Identity | null,
  loadSubjects: (patientIds: readonly string[]) => Promise<SubjectScope[]>,
) {
  const subjectById = new DataLoader<string, SubjectScope | null>(async (ids) => {
    const found = new Map((await loadSubjects(ids)).map((s) => [s.patientId, s]))
    return ids.map((id) => found.get(id) ?? null)
  })
  return {
    subjectById,
    /** The subject, if `decide` (default: may read its data) allows the caller; else null. */
    async allowed(patientId: string, decide: Decision = mayReadSubject): Promise<SubjectScope | null> {
      const subject = await subjectById.load(patientId)
      return subject && decide(identity, subject) ? subject : null
    },
    /** The subject, if `decide` allows the caller; else FORBIDDEN naming only the patient id asked for. */
    async require(patientId: string, decide: Decision = mayReadSubject): Promise<SubjectScope> {
      const subject = await subjectById.load(patientId)
      if (!subject || !decide(identity, subject)) throw forbidden('patient', patientId)
      return subject
    },
  }
}

export type SubjectAccess = ReturnType<typeof createSubjectAccess>
