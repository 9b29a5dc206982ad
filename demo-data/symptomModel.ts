import { CTCAE_MAX_GRADE, SIGNATURE_SYMPTOM, SYMPTOM_WEIGHTS, type CtcaeTerm } from './ctcaeTerms'
import type { Random } from './random'
import type { CtcaeGrade, SymptomReport } from './rowTypes'
import type { Indication } from './studyProtocols'

interface OngoingSymptom {
  term: CtcaeTerm
  dailyRate: number
  usualGrade: 1 | 2
}

export interface SymptomProfile {
  indication: Indication
  ongoing: OngoingSymptom[]
}

const SPORADIC_DAILY_RATE = 0.05
const MAX_SYMPTOMS_PER_DAY = 4

/**
 * A patient's symptom pattern: usually the population's signature symptom plus up to two others
 * that recur on many diary days, at a grade typical for that patient.
 */
export function drawSymptomProfile(indication: Indication, rng: Random): SymptomProfile {
  const ongoing: OngoingSymptom[] = []
  if (rng.chance(0.85)) {
    ongoing.push({
      term: SIGNATURE_SYMPTOM[indication],
      dailyRate: rng.float(0.45, 0.85),
      usualGrade: rng.chance(0.5) ? 2 : 1,
    })
  }
  const extraCount = rng.weighted([
    [0, 30],
    [1, 45],
    [2, 25],
  ] as const)
  for (let i = 0; i < extraCount; i++) {
    const term = drawTerm(
      indication,
      rng,
      ongoing.map((s) => s.term),
    )
    ongoing.push({ term, dailyRate: rng.float(0.08, 0.35), usualGrade: rng.chance(0.3) ? 2 : 1 })
  }
  return { indication, ongoing }
}

/** One diary day's symptoms: mostly none to two, grades 1-2, grade 3 rare, grade 4 very rare. */
export function dailySymptoms(profile: SymptomProfile, painScore: number, rng: Random): SymptomReport[] {
  const reports: SymptomReport[] = []
  for (const symptom of profile.ongoing) {
    if (rng.chance(symptom.dailyRate))
      reports.push({ term: symptom.term, grade: dailyGrade(symptom.term, symptom.usualGrade, painScore, rng) })
  }
  if (rng.chance(SPORADIC_DAILY_RATE)) {
    const term = drawTerm(
      profile.indication,
      rng,
      reports.map((r) => r.term as CtcaeTerm),
    )
    reports.push({ term, grade: dailyGrade(term, 1, painScore, rng) })
  }
  return reports.slice(0, MAX_SYMPTOMS_PER_DAY)
}

function dailyGrade(term: CtcaeTerm, usualGrade: 1 | 2, painScore: number, rng: Random): CtcaeGrade {
  const roll = rng.next()
  let grade: number = usualGrade
  if (roll < 0.1 || (painScore >= 8 && roll < 0.35)) grade += 1
  else if (roll > 0.9) grade -= 1
  if (grade >= 3 && rng.chance(0.04)) grade = 4
  return Math.min(Math.max(grade, 1), CTCAE_MAX_GRADE[term]) as CtcaeGrade
}

function drawTerm(indication: Indication, rng: Random, exclude: readonly CtcaeTerm[]): CtcaeTerm {
  const weights = SYMPTOM_WEIGHTS[indication]
  return rng.weighted(
    (Object.keys(weights) as CtcaeTerm[])
      .filter((term) => !exclude.includes(term))
      .map((term) => [term, weights[term]] as const),
  )
}
