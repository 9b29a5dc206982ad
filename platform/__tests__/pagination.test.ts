import { decodeCursor, encodeCursor, pageSize } from '../pagination'

describe('cursors', () => {
  it.each(['ONC-3017-101-0001', '', 'ünïcødé', 'a:b:c'])('round-trip %p', (key) => {
    expect(decodeCursor(encodeCursor(key))).toBe(key)
  })

  it.each(['', 'bm9wZQ', '%%%', 'azI6eA'])('rejects %p with BAD_USER_INPUT', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argumentName: 'after' }),
      }),
    )
  })
})

describe('pageSize', () => {
  const limits = { fallback: 25, max: 100 }
  it.each([
    [undefined, 25],
    [null, 25],
    [1, 1],
    [100, 100],
  ])('%p → %p', (given, expected) => {
    expect(pageSize(given, limits)).toBe(expected)
  })

  it.each([0, -1, 101, 2.5])('rejects %p', (given) => {
    expect(() => pageSize(given, limits)).toThrow(/between 1 and 100/)
  })
})
