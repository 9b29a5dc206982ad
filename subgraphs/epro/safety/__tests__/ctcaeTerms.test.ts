import { closestTerm, editDistance } from '../closestTerm'
import { CTCAE_TERMS, MAX_SYMPTOMS_PER_ENTRY, findCtcaeTerm, validateSymptoms } from '../ctcaeTerms'

describe('CTCAE_TERMS', () => {
  it.each([
    ['Nausea', 3],
    ['Vomiting', 5],
    ['Diarrhea', 5],
    ['Constipation', 5],
    ['Fatigue', 3],
    ['Headache', 3],
    ['Dizziness', 3],
    ['Insomnia', 3],
    ['Anorexia', 5],
    ['Dyspnea', 5],
    ['Fever', 5],
    ['Arthralgia', 3],
    ['Myalgia', 3],
    ['Pruritus', 3],
    ['Rash maculo-papular', 3],
    ['Mucositis oral', 5],
    ['Peripheral sensory neuropathy', 4],
    ['Abdominal pain', 3],
    ['Chest pain - cardiac', 3],
    ['Syncope', 3],
    ['Anxiety', 4],
    ['Depression', 5],
    ['Cough', 3],
    ['Edema limbs', 3],
  ])('%s is listed with CTCAE v5 maximum grade %i', (term, maxGrade) => {
    expect(CTCAE_TERMS).toContainEqual({ term, maxGrade })
  })

  it('lists each term once, ignoring case', () => {
    const lower = CTCAE_TERMS.map((entry) => entry.term.toLowerCase())
    expect(new Set(lower).size).toBe(lower.length)
  })

  it('has only grades CTCAE defines (1..5) and no blank terms', () => {
    for (const { term, maxGrade } of CTCAE_TERMS) {
      expect(term.trim()).toBe(term)
      expect(term).not.toBe('')
      expect([1, 2, 3, 4, 5]).toContain(maxGrade)
    }
  })

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(CTCAE_TERMS)).toBe(true)
    expect(CTCAE_TERMS.every((entry) => Object.isFrozen(entry))).toBe(true)
  })
})

describe('findCtcaeTerm', () => {
  it.each([
    ['Nausea', 'Nausea'],
    ['nausea', 'Nausea'],
    ['NAUSEA', 'Nausea'],
    ['  Nausea ', 'Nausea'],
    ['chest pain - cardiac', 'Chest pain - cardiac'],
    ['RASH MACULO-PAPULAR', 'Rash maculo-papular'],
    ['Naus', undefined],
    ['Nausea!', undefined],
    ['Chest pain', undefined],
    ['Diarrhoea', undefined],
    ['', undefined],
  ])('%p -> %p', (input, canonical) => {
    expect(findCtcaeTerm(input)?.term).toBe(canonical)
  })
})

describe('closestTerm', () => {
  const terms = CTCAE_TERMS.map((entry) => entry.term)
  it.each([
    ['start of a term', 'Naus', 'Nausea'],
    ['start of a term, any case', 'hEAdach', 'Headache'],
    ['start shared by several terms: the nearest wins', 'Pa', 'Pain'],
    ['a term without its qualifier', 'Chest pain', 'Chest pain - cardiac'],
    ['a term without its qualifier (rash)', 'Rash', 'Rash maculo-papular'],
    ['input that starts with a term', 'Nausea and vomiting', 'Nausea'],
    ['part of a term', 'neuropathy', 'Peripheral sensory neuropathy'],
    ['British spelling', 'Diarrhoea', 'Diarrhea'],
    ['British spelling (dyspnoea)', 'Dyspnoea', 'Dyspnea'],
    ['doubled letter', 'Vomitting', 'Vomiting'],
    ['dropped letter', 'Insomia', 'Insomnia'],
    ['nothing close', 'Xyzzy', null],
    ['a different word altogether', 'Tiredness', null],
    ['blank', '   ', null],
  ])('%s: %p -> %p', (_name, input, expected) => {
    expect(closestTerm(input, terms)).toBe(expected)
  })

  it('copes with very long input', () => {
    expect(closestTerm('x'.repeat(100_000), terms)).toBeNull()
  })
})

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['nausea', 'nausea', 0],
    ['diarrhoea', 'diarrhea', 1],
    ['kitten', 'sitting', 3],
  ])('%p vs %p = %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance)
    expect(editDistance(b, a)).toBe(distance)
  })
})

describe('validateSymptoms: accepted', () => {
  it.each([
    ['no symptoms', [], []],
    [
      'terms come back in CTCAE spelling, in the order given',
      [
        { term: 'fatigue', grade: 2 },
        { term: ' NAUSEA ', grade: 1 },
      ],
      [
        { term: 'Fatigue', grade: 2 },
        { term: 'Nausea', grade: 1 },
      ],
    ],
    [
      'a grade equal to the term maximum',
      [
        { term: 'Nausea', grade: 3 },
        { term: 'Vomiting', grade: 5 },
        { term: 'Dysgeusia', grade: 2 },
      ],
      [
        { term: 'Nausea', grade: 3 },
        { term: 'Vomiting', grade: 5 },
        { term: 'Dysgeusia', grade: 2 },
      ],
    ],
  ])('%s', (_name, input, symptoms) => {
    expect(validateSymptoms(input)).toEqual({ ok: true, symptoms })
  })

  it(`accepts exactly ${MAX_SYMPTOMS_PER_ENTRY} symptoms`, () => {
    const input = CTCAE_TERMS.slice(0, MAX_SYMPTOMS_PER_ENTRY).map(({ term }) => ({ term, grade: 1 }))
    expect(validateSymptoms(input)).toEqual({ ok: true, symptoms: input })
  })
})

describe('validateSymptoms: rejected', () => {
  it.each([
    [
      'unknown term with a suggestion',
      [
        { term: 'Nausea', grade: 1 },
        { term: 'Naus', grade: 2 },
      ],
      ['Symptom 2: "Naus" is not a CTCAE v5 term; did you mean "Nausea"?'],
    ],
    [
      'misspelt term with a suggestion',
      [{ term: 'Diarrhoea', grade: 2 }],
      ['Symptom 1: "Diarrhoea" is not a CTCAE v5 term; did you mean "Diarrhea"?'],
    ],
    [
      'unknown term without a suggestion',
      [{ term: 'Xyzzy', grade: 2 }],
      ['Symptom 1: "Xyzzy" is not a CTCAE v5 term.'],
    ],
    [
      'blank term',
      [{ term: '  ', grade: 2 }],
      ['Symptom 1: the symptom has no term; choose one from the CTCAE v5 list.'],
    ],
    [
      'grade 0',
      [{ term: 'Nausea', grade: 0 }],
      ['Symptom 1 (Nausea): grade 0 is not a CTCAE grade; use a whole number from 1 (mild) to 5.'],
    ],
    [
      'grade 6',
      [{ term: 'Vomiting', grade: 6 }],
      ['Symptom 1 (Vomiting): grade 6 is not a CTCAE grade; use a whole number from 1 (mild) to 5.'],
    ],
    [
      'fractional grade',
      [{ term: 'Nausea', grade: 2.5 }],
      ['Symptom 1 (Nausea): grade 2.5 is not a CTCAE grade; use a whole number from 1 (mild) to 5.'],
    ],
    [
      'NaN grade',
      [{ term: 'Nausea', grade: NaN }],
      ['Symptom 1 (Nausea): grade NaN is not a CTCAE grade; use a whole number from 1 (mild) to 5.'],
    ],
    [
      'grade as a string',
      [{ term: 'Nausea', grade: '2' as unknown as number }],
      ['Symptom 1 (Nausea): grade 2 is not a CTCAE grade; use a whole number from 1 (mild) to 5.'],
    ],
    [
      'grade above the term maximum (Nausea stops at 3)',
      [{ term: 'Nausea', grade: 4 }],
      ['Symptom 1: CTCAE v5 grades Nausea from 1 to 3, so grade 4 is not possible.'],
    ],
    [
      'grade above the term maximum (Dysgeusia stops at 2)',
      [{ term: 'dysgeusia', grade: 3 }],
      ['Symptom 1: CTCAE v5 grades Dysgeusia from 1 to 2, so grade 3 is not possible.'],
    ],
    [
      'grade above the term maximum (Peripheral sensory neuropathy stops at 4)',
      [{ term: 'Peripheral sensory neuropathy', grade: 5 }],
      ['Symptom 1: CTCAE v5 grades Peripheral sensory neuropathy from 1 to 4, so grade 5 is not possible.'],
    ],
    [
      'same term twice, any case',
      [
        { term: 'Nausea', grade: 1 },
        { term: 'Fatigue', grade: 1 },
        { term: 'nausea', grade: 2 },
      ],
      ['Symptom 3: Nausea is already reported as symptom 1; report each symptom once, at its worst grade.'],
    ],
    [
      'a term three times names the first report each time',
      [
        { term: 'Cough', grade: 1 },
        { term: 'Cough', grade: 1 },
        { term: 'COUGH', grade: 1 },
      ],
      [
        'Symptom 2: Cough is already reported as symptom 1; report each symptom once, at its worst grade.',
        'Symptom 3: Cough is already reported as symptom 1; report each symptom once, at its worst grade.',
      ],
    ],
    [
      'unknown term and bad grade on one symptom',
      [{ term: 'Naus', grade: 9 }],
      [
        'Symptom 1: "Naus" is not a CTCAE v5 term; did you mean "Nausea"?',
        'Symptom 1: grade 9 is not a CTCAE grade; use a whole number from 1 (mild) to 5.',
      ],
    ],
    [
      'several problems, in symptom order',
      [
        { term: 'Fatigue', grade: 4 },
        { term: 'Headache', grade: 2 },
        { term: 'Vomitting', grade: 2 },
        { term: 'Fatigue', grade: 1 },
      ],
      [
        'Symptom 1: CTCAE v5 grades Fatigue from 1 to 3, so grade 4 is not possible.',
        'Symptom 3: "Vomitting" is not a CTCAE v5 term; did you mean "Vomiting"?',
        'Symptom 4: Fatigue is already reported as symptom 1; report each symptom once, at its worst grade.',
      ],
    ],
  ])('%s', (_name, input, problems) => {
    expect(validateSymptoms(input)).toEqual({ ok: false, problems })
  })

  it(`rejects more than ${MAX_SYMPTOMS_PER_ENTRY} symptoms`, () => {
    const input = CTCAE_TERMS.slice(0, MAX_SYMPTOMS_PER_ENTRY + 1).map(({ term }) => ({ term, grade: 1 }))
    expect(validateSymptoms(input)).toEqual({
      ok: false,
      problems: ['At most 20 symptoms can be reported in one entry; this one has 21.'],
    })
  })
})
