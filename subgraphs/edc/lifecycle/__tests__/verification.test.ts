import { sdvWorklist, verificationAfterChange, type SdvCandidate } from '../verification'

describe('verificationAfterChange', () => {
  it.each<[string | null, string | null, boolean, boolean, RegExp | null]>([
    ['128', '128', true, true, /unchanged.*kept/],
    [null, null, true, true, /unchanged.*kept/],
    ['128', '129', true, false, /changed.*cleared/],
    ['5', '5.0', true, false, /cleared/],
    ['128', null, true, false, /cleared/],
    [null, '128', true, false, /cleared/],
    ['', null, true, false, /cleared/],
    ['128', '128', false, false, null],
    ['128', '129', false, false, null],
  ])('%p → %p, verified %p: stays verified %p', (previous, next, verified, stays, note) => {
    const result = verificationAfterChange(previous, next, verified)
    expect(result.verified).toBe(stays)
    if (note === null) expect(result.auditNote).toBeNull()
    else expect(result.auditNote).toMatch(note)
  })
})

describe('sdvWorklist', () => {
  const at = (day: number) => new Date(Date.UTC(2025, 0, day))
  const item = (id: string, critical: boolean, verified: boolean, day: number) => ({
    id,
    critical,
    verified,
    unverifiedSince: at(day),
  })

  it.each<[string, Array<SdvCandidate & { id: string }>, string[]]>([
    ['nothing to do', [], []],
    [
      'critical first, then oldest first',
      [item('a', false, false, 1), item('b', true, false, 5), item('c', false, false, 3), item('d', true, false, 2)],
      ['d', 'b', 'a', 'c'],
    ],
    [
      'verified items left out',
      [item('a', true, true, 1), item('b', false, false, 9), item('c', false, true, 2)],
      ['b'],
    ],
    [
      'ties keep their input order',
      [item('x', true, false, 4), item('y', true, false, 4), item('z', false, false, 4), item('w', false, false, 4)],
      ['x', 'y', 'z', 'w'],
    ],
  ])('%s', (_, items, order) => {
    expect(sdvWorklist(items).map((entry) => entry.id)).toEqual(order)
  })

  it('does not reorder its input', () => {
    const items = [item('a', false, false, 1), item('b', true, false, 2)]
    sdvWorklist(items)
    expect(items.map((entry) => entry.id)).toEqual(['a', 'b'])
  })
})
