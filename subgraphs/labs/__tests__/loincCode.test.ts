import { isLoincCode, parseLoincCode } from '../data/loincCode'

describe('LOINC code format', () => {
  it.each(['718-7', '2823-3', '2345-7', '1-8', '1234567-8'])('accepts %p', (code) => {
    expect(isLoincCode(code)).toBe(true)
  })

  it.each(['', '718', '718-', '718-77', '12345678-9', 'LP718-7', '718_7', ' 718-7x'])('rejects %p', (code) => {
    expect(isLoincCode(code)).toBe(false)
  })

  it('trims a valid code and reports a malformed one as BAD_USER_INPUT naming the argument', () => {
    expect(parseLoincCode(' 718-7 ')).toBe('718-7')
    expect(() => parseLoincCode('hemoglobin')).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', argumentName: 'loincCode' } }),
    )
  })
})
