import type { CtcaeGrade } from './rowTypes'
import type { Indication } from './studyProtocols'

/**
 * The CTCAE v5.0 terms a diary may report, with the highest grade CTCAE defines for each (many
 * symptoms stop at grade 3). Grade 5 (death) is never generated: a patient cannot report it.
 */
export const CTCAE_MAX_GRADE = {
  Nausea: 3,
  Fatigue: 3,
  Headache: 3,
  Diarrhea: 5,
  Vomiting: 5,
  'Peripheral sensory neuropathy': 4,
  Arthralgia: 3,
  Myalgia: 3,
  Insomnia: 3,
  Dizziness: 3,
  Constipation: 5,
  'Rash maculo-papular': 3,
  Pruritus: 3,
  Anorexia: 5,
  Dyspnea: 5,
  'Mucositis oral': 5,
  Fever: 5,
} as const satisfies Record<string, CtcaeGrade>

export type CtcaeTerm = keyof typeof CTCAE_MAX_GRADE

/** The symptom each population lives with: neuropathy after chemotherapy, joint pain in RA. */
export const SIGNATURE_SYMPTOM: Readonly<Record<Indication, CtcaeTerm>> = {
  CIPN: 'Peripheral sensory neuropathy',
  RA: 'Arthralgia',
}

/** How often each term turns up in the population: chemotherapy after-effects vs RA and methotrexate. */
export const SYMPTOM_WEIGHTS: Readonly<Record<Indication, Readonly<Record<CtcaeTerm, number>>>> = {
  CIPN: {
    'Peripheral sensory neuropathy': 0, // always drawn as the signature symptom instead
    Fatigue: 20,
    Nausea: 10,
    Constipation: 8,
    Insomnia: 8,
    Diarrhea: 6,
    Myalgia: 6,
    Anorexia: 5,
    Dizziness: 5,
    Arthralgia: 5,
    Headache: 4,
    'Mucositis oral': 3,
    Vomiting: 3,
    Dyspnea: 3,
    'Rash maculo-papular': 2,
    Pruritus: 2,
    Fever: 1,
  },
  RA: {
    Arthralgia: 0,
    Fatigue: 20,
    Myalgia: 10,
    Headache: 8,
    Nausea: 8,
    Insomnia: 7,
    Dizziness: 4,
    'Rash maculo-papular': 4,
    Diarrhea: 4,
    Pruritus: 3,
    'Mucositis oral': 3,
    Constipation: 3,
    Dyspnea: 2,
    Anorexia: 2,
    Vomiting: 1,
    Fever: 1,
    'Peripheral sensory neuropathy': 1,
  },
}
