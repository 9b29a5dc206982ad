import { ineligibleBecause, isSettled, mayEnroll } from '../enrollmentProgress'

describe('enrollment progress', () => {
  const criteria = [
    { code: 'IN-01', kind: 'INCLUSION' as const, text: 'Adult' },
    { code: 'EX-01', kind: 'EXCLUSION' as const, text: 'Pregnant' },
  ]

  it('names the answers that make a subject ineligible', () => {
    expect(ineligibleBecause(criteria, { 'IN-01': true, 'EX-01': false })).toEqual([])
    expect(ineligibleBecause(criteria, { 'IN-01': false, 'EX-01': true })).toEqual([
      'IN-01: not met — Adult',
      'EX-01: present — Pregnant',
    ])
  })

  it('stops watching once the saga settled, and offers enrolling only before or after a failure', () => {
    expect([
      isSettled('ALLOCATING_KIT'),
      isSettled('COMPENSATING'),
      isSettled('ENROLLED'),
      isSettled('FAILED'),
    ]).toEqual([false, false, true, true])
    expect([
      mayEnroll('SCREENING'),
      mayEnroll('ENROLLMENT_FAILED'),
      mayEnroll('ENROLLING'),
      mayEnroll('ENROLLED'),
    ]).toEqual([true, true, false, false])
  })
})
