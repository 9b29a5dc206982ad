import { isUuid, parseId } from '../ids'

describe('ids', () => {
  it('accepts UUIDs in any case and returns them lower-cased', () => {
    expect(parseId('0B9C4B9A-1D6E-4E9B-8E3A-2F1D1C0B9A8F')).toBe('0b9c4b9a-1d6e-4e9b-8e3a-2f1d1c0b9a8f')
  })

  it.each(['', 'abc', '0b9c4b9a1d6e4e9b8e3a2f1d1c0b9a8f', '0b9c4b9a-1d6e-4e9b-8e3a-2f1d1c0b9a8f ', "1' OR '1'='1"])(
    'rejects %p',
    (value) => {
      expect(isUuid(value)).toBe(false)
      expect(() => parseId(value, 'siteId')).toThrow(
        expect.objectContaining({ message: expect.stringContaining('"siteId" must be a UUID') }),
      )
    },
  )

  it('does not echo a huge value back in full', () => {
    expect(() => parseId('x'.repeat(10_000))).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/^.{0,200}$/) }),
    )
  })
})
