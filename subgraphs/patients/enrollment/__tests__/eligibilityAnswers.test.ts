import { eligibilityProblems, isEligible, type ProtocolCriterion } from '../eligibilityAnswers'

const PROTOCOL: ProtocolCriterion[] = [
  { code: 'IN-01', kind: 'INCLUSION' },
  { code: 'IN-02', kind: 'INCLUSION' },
  { code: 'EX-01', kind: 'EXCLUSION' },
]
const answer = (code: string, kind: 'INCLUSION' | 'EXCLUSION', met: boolean) => ({ code, kind, met })

describe('eligibilityProblems', () => {
  it('accepts every criterion answered once, in any order, codes trimmed', () => {
    expect(
      eligibilityProblems(
        [
          answer('EX-01', 'EXCLUSION', false),
          answer(' IN-02 ', 'INCLUSION', false),
          answer('IN-01', 'INCLUSION', true),
        ],
        PROTOCOL,
      ),
    ).toEqual([])
  })

  it('names each missing, repeated, unknown or mis-kinded answer', () => {
    expect(
      eligibilityProblems(
        [
          answer('IN-01', 'INCLUSION', true),
          answer('IN-01', 'INCLUSION', true),
          answer('EX-01', 'INCLUSION', true),
          answer('IN-9', 'INCLUSION', true),
        ],
        PROTOCOL,
      ),
    ).toEqual([
      'Criterion "IN-01" is answered more than once.',
      'Criterion "EX-01" is an exclusion criterion in the protocol, not inclusion.',
      'Criterion "IN-9" is not one of the protocol\'s.',
      'Criterion "IN-02" (inclusion) is not answered.',
    ])
    expect(eligibilityProblems([], PROTOCOL)).toHaveLength(3)
  })
})

describe('isEligible', () => {
  it.each([
    [[answer('IN-01', 'INCLUSION', true), answer('EX-01', 'EXCLUSION', false)], true],
    [[answer('IN-01', 'INCLUSION', false), answer('EX-01', 'EXCLUSION', false)], false],
    [[answer('IN-01', 'INCLUSION', true), answer('EX-01', 'EXCLUSION', true)], false],
  ])('%j → %s', (answers, eligible) => {
    expect(isEligible(answers)).toBe(eligible)
  })
})
