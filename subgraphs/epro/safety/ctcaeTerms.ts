import { closestTerm } from './closestTerm'

// The CTCAE v5.0 terms a patient can report in a pain/symptom diary, and the checks a reported
// symptom list must pass before the safety rules see it. Pure data and functions: no I/O.
//
// Source: NCI Common Terminology Criteria for Adverse Events (CTCAE) v5.0, 27 Nov 2017. Each term
// is written exactly as CTCAE v5 spells it (the MedDRA 20.1 Lowest Level Term), and maxGrade is the
// highest grade CTCAE defines for that term: a "-" in the grade 4 or 5 column means the grade
// does not exist for the term (CTCAE v5 introduction: "Grade 5 (Death) is not appropriate for
// some AEs and therefore is not an option").

export type CtcaeGrade = 1 | 2 | 3 | 4 | 5

export interface CtcaeTerm {
  /** The CTCAE v5.0 term, spelt as CTCAE writes it. */
  term: string
  /** The highest grade CTCAE v5.0 defines for this term. */
  maxGrade: CtcaeGrade
}

/** A reported symptom: a CTCAE term and the grade the patient gave it. */
export interface SymptomInput {
  term: string
  grade: number
}

/** Enough for any one diary day; a longer list is almost certainly a device or import fault. */
export const MAX_SYMPTOMS_PER_ENTRY = 20

const TERM_LIST = [
  // Gastrointestinal disorders
  { term: 'Abdominal pain', maxGrade: 3 },
  { term: 'Constipation', maxGrade: 5 },
  { term: 'Diarrhea', maxGrade: 5 },
  { term: 'Dry mouth', maxGrade: 3 },
  { term: 'Dyspepsia', maxGrade: 3 },
  { term: 'Mucositis oral', maxGrade: 5 },
  { term: 'Nausea', maxGrade: 3 },
  { term: 'Vomiting', maxGrade: 5 },
  // General disorders and administration site conditions
  { term: 'Chills', maxGrade: 3 },
  { term: 'Edema limbs', maxGrade: 3 },
  { term: 'Fatigue', maxGrade: 3 },
  { term: 'Fever', maxGrade: 5 },
  { term: 'Pain', maxGrade: 3 },
  // Metabolism and nutrition disorders
  { term: 'Anorexia', maxGrade: 5 },
  // Musculoskeletal and connective tissue disorders
  { term: 'Arthralgia', maxGrade: 3 },
  { term: 'Back pain', maxGrade: 3 },
  { term: 'Myalgia', maxGrade: 3 },
  { term: 'Pain in extremity', maxGrade: 3 },
  // Nervous system disorders
  { term: 'Dizziness', maxGrade: 3 },
  { term: 'Dysgeusia', maxGrade: 2 },
  { term: 'Headache', maxGrade: 3 },
  { term: 'Paresthesia', maxGrade: 3 },
  // Grade 4 exists ("Life-threatening consequences; urgent intervention indicated"); grade 5 was
  // dropped in v5.0 (v4.03 had it). Corroborated only by secondary sources: check against the
  // NCI spreadsheet before relying on it.
  { term: 'Peripheral sensory neuropathy', maxGrade: 4 },
  // Syncope defines grade 3 only ("Fainting; orthostatic collapse"); grades 1-2 are "-". This list
  // records only the maximum, so a reported grade 1 or 2 passes validation.
  { term: 'Syncope', maxGrade: 3 },
  // Cardiac disorders
  { term: 'Chest pain - cardiac', maxGrade: 3 },
  // Ear and labyrinth disorders
  { term: 'Tinnitus', maxGrade: 3 },
  // Psychiatric disorders
  // Uncertain: v4.03 defined grade 5 for Anxiety; recalled as "-" in v5.0, so 4 here. Verify.
  { term: 'Anxiety', maxGrade: 4 },
  // Uncertain: grade 4 "Life-threatening consequences, threats of harm to self or others" and
  // grade 5 "Death" recalled for v5.0. Verify.
  { term: 'Depression', maxGrade: 5 },
  { term: 'Insomnia', maxGrade: 3 },
  // Respiratory, thoracic and mediastinal disorders
  { term: 'Cough', maxGrade: 3 },
  { term: 'Dyspnea', maxGrade: 5 },
  { term: 'Hiccups', maxGrade: 3 },
  // Skin and subcutaneous tissue disorders
  { term: 'Alopecia', maxGrade: 2 },
  { term: 'Palmar-plantar erythrodysesthesia syndrome', maxGrade: 3 },
  { term: 'Pruritus', maxGrade: 3 },
  // v5.0 stops at grade 3 (grades 4-5 were only added in v6.0).
  { term: 'Rash maculo-papular', maxGrade: 3 },
  // Vascular disorders
  { term: 'Hot flashes', maxGrade: 3 },
] satisfies CtcaeTerm[]

/** Frozen: the list is shared by every request in the process. */
export const CTCAE_TERMS: readonly CtcaeTerm[] = Object.freeze(TERM_LIST.map((entry) => Object.freeze({ ...entry })))

const BY_LOWER_CASE_TERM = new Map(CTCAE_TERMS.map((entry) => [entry.term.toLowerCase(), entry]))

/** The canonical CTCAE entry for a term, matched exactly but ignoring case and surrounding spaces. */
export function findCtcaeTerm(term: string): CtcaeTerm | undefined {
  return BY_LOWER_CASE_TERM.get(term.trim().toLowerCase())
}

export type SymptomValidation = { ok: true; symptoms: SymptomInput[] } | { ok: false; problems: string[] }

/**
 * Checks a diary entry's symptom list: each term must be a CTCAE v5 term, each grade a whole
 * number 1..5 that CTCAE defines for the term, no term twice, at most MAX_SYMPTOMS_PER_ENTRY.
 * On success the terms come back in their canonical CTCAE spelling, in the order given.
 * Problems are sentences for the person who entered the data, numbered from 1 as they see them.
 */
export function validateSymptoms(input: readonly SymptomInput[]): SymptomValidation {
  const problems: string[] = []
  if (input.length > MAX_SYMPTOMS_PER_ENTRY) {
    problems.push(
      `At most ${MAX_SYMPTOMS_PER_ENTRY} symptoms can be reported in one entry; this one has ${input.length}.`,
    )
  }
  const firstSeenAt = new Map<string, number>()
  const symptoms: SymptomInput[] = []
  input.forEach(({ term, grade }, index) => {
    const label = `Symptom ${index + 1}`
    const known = typeof term === 'string' ? findCtcaeTerm(term) : undefined
    if (!known) {
      problems.push(unknownTermProblem(label, term))
    } else {
      const earlier = firstSeenAt.get(known.term)
      if (earlier !== undefined) {
        problems.push(
          `${label}: ${known.term} is already reported as symptom ${earlier}; report each symptom once, at its worst grade.`,
        )
      } else {
        firstSeenAt.set(known.term, index + 1)
      }
    }
    const gradeProblem = checkGrade(label, known, grade)
    if (gradeProblem) problems.push(gradeProblem)
    if (known) symptoms.push({ term: known.term, grade })
  })
  return problems.length > 0 ? { ok: false, problems } : { ok: true, symptoms }
}

function unknownTermProblem(label: string, term: unknown): string {
  if (typeof term !== 'string' || term.trim() === '')
    return `${label}: the symptom has no term; choose one from the CTCAE v5 list.`
  const suggestion = closestTerm(
    term.trim(),
    CTCAE_TERMS.map((entry) => entry.term),
  )
  const hint = suggestion ? `; did you mean "${suggestion}"?` : '.'
  return `${label}: "${term.trim()}" is not a CTCAE v5 term${hint}`
}

function checkGrade(label: string, known: CtcaeTerm | undefined, grade: unknown): string | null {
  const name = known ? ` (${known.term})` : ''
  if (typeof grade !== 'number' || !Number.isInteger(grade) || grade < 1 || grade > 5) {
    return `${label}${name}: grade ${String(grade)} is not a CTCAE grade; use a whole number from 1 (mild) to 5.`
  }
  if (known && grade > known.maxGrade) {
    return `${label}: CTCAE v5 grades ${known.term} from 1 to ${known.maxGrade}, so grade ${grade} is not possible.`
  }
  return null
}
