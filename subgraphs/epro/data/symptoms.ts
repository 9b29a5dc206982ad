// The `symptoms` column is JSONB written by devices and imports; its shape is not enforced by the
// database, so it is checked on the way out: a malformed entry is skipped, never a failed query.

export interface SymptomReport {
  term: string
  grade: number
}

/** CTCAE v5 grades run from 1 (mild) to 5 (death related to the adverse event). */
const MIN_GRADE = 1
const MAX_GRADE = 5

function isSymptomReport(value: unknown): value is SymptomReport {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const { term, grade } = value as Record<string, unknown>
  return (
    typeof term === 'string' &&
    term.trim() !== '' &&
    Number.isInteger(grade) &&
    (grade as number) >= MIN_GRADE &&
    (grade as number) <= MAX_GRADE
  )
}

/** The well-formed {term, grade} entries of a stored symptoms value, in stored order. */
export function parseSymptoms(stored: unknown): SymptomReport[] {
  if (!Array.isArray(stored)) return []
  return stored.filter(isSymptomReport).map(({ term, grade }) => ({ term: term.trim(), grade }))
}
