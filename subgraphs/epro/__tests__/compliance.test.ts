import { computeCompliance, expectedEntries, utcDay } from '../data/compliance'
import type { DiarySchedule } from '../data/models'

const day = (iso: string) => new Date(`${iso}T00:00:00Z`)
const AS_OF = day('2026-11-21')

function schedule(
  start: string,
  end: string | null = null,
  frequency: DiarySchedule['frequency'] = 'DAILY',
): DiarySchedule {
  return { startDate: day(start), endDate: end ? day(end) : null, frequency }
}

describe('computeCompliance', () => {
  it.each([
    // name, schedule, on-time, late, expected entries, percentage
    ['diary starts after asOf', schedule('2026-11-25'), 0, 0, 0, null],
    ['diary starts today, entry done', schedule('2026-11-21'), 1, 0, 1, 100],
    ['diary starts today, no entry yet', schedule('2026-11-21'), 0, 0, 1, 0],
    ['running daily diary', schedule('2026-11-12'), 8, 1, 10, 80],
    ['end date in the past stops the schedule', schedule('2026-11-01', '2026-11-10'), 7, 2, 10, 70],
    ['end date in the future is not reached yet', schedule('2026-11-12', '2026-12-31'), 5, 0, 10, 50],
    ['end date equal to asOf', schedule('2026-11-12', '2026-11-21'), 10, 0, 10, 100],
    ['end date before start (bad data) expects nothing', schedule('2026-11-10', '2026-11-05'), 0, 0, 0, null],
    ['weekly: days 1, 8, 15 of 21', schedule('2026-11-01', null, 'WEEKLY'), 3, 0, 3, 100],
    ['weekly: second week not due yet', schedule('2026-11-20', null, 'WEEKLY'), 0, 0, 1, 0],
    ['weekly: a new week starts on day 8', schedule('2026-11-14', null, 'WEEKLY'), 1, 0, 2, 50],
    ['rounds to one decimal (2/3)', schedule('2026-11-19'), 2, 0, 3, 66.7],
    ['rounds to one decimal (1/3)', schedule('2026-11-19'), 1, 0, 3, 33.3],
    ['more on-time days than expected is capped at 100', schedule('2026-11-12'), 12, 0, 10, 100],
    ['late entries never count as compliant', schedule('2026-11-12'), 0, 10, 10, 0],
  ])('%s', (_name, diary, onTime, late, expected, percentage) => {
    const result = computeCompliance(diary, { onTimeEntries: onTime, lateEntries: late }, AS_OF)
    expect(result).toEqual({
      expectedEntries: expected,
      onTimeEntries: onTime,
      lateEntries: late,
      percentage,
      diaryStartDate: diary.startDate,
      diaryEndDate: diary.endDate,
      asOf: AS_OF,
    })
  })

  it('crosses month and leap-day boundaries by calendar day', () => {
    expect(expectedEntries(schedule('2028-02-27'), day('2028-03-01'))).toBe(4)
  })
})

describe('utcDay', () => {
  it.each([
    ['2026-11-21T00:00:00Z', '2026-11-21'],
    ['2026-11-21T23:59:59.999Z', '2026-11-21'],
    // 23:30 in New York is already the next day in UTC: compliance days are UTC days.
    ['2026-11-21T23:30:00-05:00', '2026-11-22'],
  ])('%s is the UTC day %s', (instant, expected) => {
    expect(utcDay(new Date(instant))).toEqual(day(expected))
  })
})
