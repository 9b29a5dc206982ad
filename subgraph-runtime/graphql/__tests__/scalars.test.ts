import { Kind } from 'graphql'
import { DateScalar, DateTimeScalar } from '../scalars'

describe('DateTime', () => {
  it('serialises Dates and ISO strings to UTC RFC 3339', () => {
    expect(DateTimeScalar.serialize(new Date('2026-11-21T08:30:00+02:00'))).toBe('2026-11-21T06:30:00.000Z')
  })
  it.each(['2026-11-21T08:30:00Z', '2026-11-21T08:30:00.123+01:00'])('parses %p', (text) => {
    expect(DateTimeScalar.parseValue(text)).toBeInstanceOf(Date)
  })
  it.each(['2026-11-21', 'yesterday', '2026-11-21T08:30:00', 12])('rejects %p with BAD_USER_INPUT', (value) => {
    expect(() => DateTimeScalar.parseValue(value)).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }),
    )
  })
})

describe('Date', () => {
  it('serialises a @db.Date value (midnight UTC) to its calendar day', () => {
    expect(DateScalar.serialize(new Date('2026-03-09T00:00:00.000Z'))).toBe('2026-03-09')
  })
  it('parses literals and values', () => {
    expect(DateScalar.parseLiteral({ kind: Kind.STRING, value: '2026-02-28' })).toEqual(
      new Date('2026-02-28T00:00:00Z'),
    )
    expect(() => DateScalar.parseValue('2026-02-30x')).toThrow(/YYYY-MM-DD/)
  })
})
