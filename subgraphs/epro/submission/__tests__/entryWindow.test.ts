import { classifyReceipt, entryWindow, localDate, localTimeToInstant } from '../entryWindow'

// Evening diary, 18:00–24:00 local, 24 h grace for late entries.
const schedule = { opensMinute: 18 * 60, closesMinute: 24 * 60, lateGraceHours: 24 }

describe('local time', () => {
  it.each([
    ['2026-11-21T22:30:00Z', 'UTC', '2026-11-21'],
    ['2026-11-21T23:30:00Z', 'Europe/Berlin', '2026-11-22'],
    ['2026-11-22T03:00:00Z', 'America/New_York', '2026-11-21'],
  ])('%s in %s is %s', (instant, zone, date) => {
    expect(localDate(new Date(instant), zone)).toBe(date)
  })

  it.each([
    ['2026-11-21', 18 * 60, 'Europe/Berlin', '2026-11-21T17:00:00.000Z'],
    ['2026-07-01', 18 * 60, 'Europe/Berlin', '2026-07-01T16:00:00.000Z'], // summer time
    ['2026-11-21', 24 * 60, 'America/New_York', '2026-11-22T05:00:00.000Z'],
    ['2026-03-29', 3 * 60, 'Europe/Berlin', '2026-03-29T01:00:00.000Z'], // the day clocks go forward
  ])('%s at minute %d in %s is %s', (date, minutes, zone, iso) => {
    expect(localTimeToInstant(date, minutes, zone).toISOString()).toBe(iso)
  })

  it('keeps zones apart once their formatters are cached, and refuses an unknown zone every time', () => {
    const instant = new Date('2026-11-21T23:30:00Z')
    for (let i = 0; i < 2; i++) {
      expect([
        localDate(instant, 'UTC'),
        localDate(instant, 'Europe/Berlin'),
        localDate(instant, 'America/New_York'),
      ]).toEqual(['2026-11-21', '2026-11-22', '2026-11-21'])
      expect(localTimeToInstant('2026-11-21', 18 * 60, 'Europe/Berlin').toISOString()).toBe('2026-11-21T17:00:00.000Z')
      expect(() => localDate(instant, 'Mars/Olympus_Mons')).toThrow(RangeError)
    }
  })
})

describe('classifyReceipt', () => {
  const window = entryWindow('2026-11-21', schedule, 'Europe/Madrid') // 17:00Z–23:00Z, late until 23:00Z next day
  it.each([
    ['2026-11-21T16:59:59Z', 'TOO_EARLY'],
    ['2026-11-21T17:00:00Z', 'ON_TIME'],
    ['2026-11-21T22:59:59Z', 'ON_TIME'],
    ['2026-11-21T23:00:00Z', 'LATE'],
    ['2026-11-22T22:59:59Z', 'LATE'],
    ['2026-11-22T23:00:00Z', 'CLOSED'],
  ])('received %s → %s', (receivedAt, expected) => {
    expect(classifyReceipt(new Date(receivedAt), window)).toBe(expected)
  })
})
