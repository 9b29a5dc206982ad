import { CTCAE_MAX_GRADE, SYMPTOM_WEIGHTS } from '../ctcaeTerms'
import type { Random } from '../random'
import type { Indication } from '../studyProtocols'
import { dateValue, type ValueGenerator } from './entryContext'

interface AeTerm {
  term: string
  minGrade: number
  maxGrade: number
  weight: number
}

// CTCAE v5.0 terms beyond the diary's symptoms; infections start at grade 2 in CTCAE.
const OTHER_TERMS: readonly (readonly [string, number, number, Readonly<Record<Indication, number>>])[] = [
  ['Upper respiratory infection', 2, 3, { CIPN: 4, RA: 12 }],
  ['Urinary tract infection', 2, 3, { CIPN: 3, RA: 5 }],
  ['Alanine aminotransferase increased', 1, 3, { CIPN: 1, RA: 6 }],
  ['Hypertension', 1, 3, { CIPN: 2, RA: 2 }],
]

const TERMS: Readonly<Record<Indication, readonly AeTerm[]>> = {
  CIPN: termsOf('CIPN'),
  RA: termsOf('RA'),
}

function termsOf(indication: Indication): AeTerm[] {
  const symptoms = Object.entries(SYMPTOM_WEIGHTS[indication])
    .filter(([, weight]) => weight > 0)
    .map(([term, weight]) => ({
      term,
      minGrade: 1,
      maxGrade: CTCAE_MAX_GRADE[term as keyof typeof CTCAE_MAX_GRADE],
      weight,
    }))
  const others = OTHER_TERMS.map(([term, minGrade, maxGrade, weights]) => ({
    term,
    minGrade,
    maxGrade,
    weight: weights[indication],
  }))
  return [...symptoms, ...others]
}

const AE_VISIT_RATE = 0.35

/** Grade, seriousness, causality and action cohere: grade 3+ events are often serious and stop dosing. */
function aeRow(term: AeTerm, startDay: number, visitDay: number, rng: Random) {
  // Grade 5 (death) never: these patients keep coming to visits.
  const drawn = rng.weighted([
    [1, 58],
    [2, 32],
    [3, 8],
    [4, 2],
  ] as const)
  const grade = Math.min(Math.max(drawn, term.minGrade), term.maxGrade, 4)
  const serious = grade === 4 || (grade === 3 ? rng.chance(0.45) : rng.chance(0.01))
  const endDay = startDay + rng.int(1, 4 + grade * 5)
  const action =
    grade >= 3
      ? rng.weighted([
          ['DRUG INTERRUPTED', 55],
          ['DRUG WITHDRAWN', 25],
          ['DOSE NOT CHANGED', 20],
        ] as const)
      : rng.weighted([
          ['DOSE NOT CHANGED', 90],
          ['DRUG INTERRUPTED', 8],
          ['DOSE REDUCED', 2],
        ] as const)
  return {
    'I.AETERM': term.term,
    'I.AESTDAT': dateValue(startDay),
    'I.AEENDAT': endDay <= visitDay ? dateValue(endDay) : null,
    'I.AETOXGR': String(grade),
    'I.AESER': serious ? 'Y' : 'N',
    'I.AEREL': rng.weighted([
      ['NOT RELATED', 40],
      ['UNLIKELY RELATED', 25],
      ['POSSIBLY RELATED', 25],
      ['PROBABLY RELATED', 7],
      ['RELATED', 3],
    ] as const),
    'I.AEACN': action,
  }
}

/** Events that started since the previous visit; those still going on at the visit have no end date. */
export const adverseEvents: ValueGenerator = ({ patient, day, previousDay, rng }) => {
  const count = rng.chance(AE_VISIT_RATE)
    ? rng.weighted([
        [1, 75],
        [2, 20],
        [3, 5],
      ] as const)
    : 0
  const terms = TERMS[patient.study.protocol.indication]
  const rows = Array.from({ length: count }, () =>
    aeRow(
      rng.weighted(terms.map((t) => [t, t.weight] as const)),
      rng.int(Math.min(previousDay + 1, day), day),
      day,
      rng,
    ),
  )
  return { 'IG.AEYN': [{ 'I.AEYN': count > 0 ? 'Y' : 'N' }], 'IG.AE': rows }
}
