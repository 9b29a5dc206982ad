import { parseSymptoms } from '../data/symptoms'

describe('parseSymptoms', () => {
  it.each([
    [
      'well-formed entries in order',
      [
        { term: 'Nausea', grade: 1 },
        { term: 'Fatigue', grade: 2 },
      ],
      [
        { term: 'Nausea', grade: 1 },
        { term: 'Fatigue', grade: 2 },
      ],
    ],
    ['an empty list', [], []],
    ['not an array', { term: 'Nausea', grade: 1 }, []],
    ['null', null, []],
    ['a string', 'Nausea', []],
    ['entries that are not objects', ['Nausea', 3, null, ['Fatigue', 2]], []],
    [
      'grade outside CTCAE 1..5',
      [
        { term: 'Nausea', grade: 0 },
        { term: 'Rash', grade: 6 },
        { term: 'Fatigue', grade: 5 },
      ],
      [{ term: 'Fatigue', grade: 5 }],
    ],
    [
      'non-integer or string grades',
      [
        { term: 'Nausea', grade: 2.5 },
        { term: 'Rash', grade: '2' },
      ],
      [],
    ],
    ['missing or blank terms', [{ grade: 2 }, { term: '  ', grade: 2 }, { term: 42, grade: 2 }], []],
    [
      'surrounding whitespace trimmed, extra keys dropped',
      [{ term: ' Diarrhoea ', grade: 3, note: 'x' }],
      [{ term: 'Diarrhoea', grade: 3 }],
    ],
  ])('%s', (_name, stored, expected) => {
    expect(parseSymptoms(stored)).toEqual(expected)
  })
})
