import { planVisits } from '../visitPlan'

const visit = (code: string, dayOffset: number, before: number, after: number) => ({
  code,
  name: code,
  visitType: 'TREATMENT' as const,
  dayOffset,
  windowBeforeDays: before,
  windowAfterDays: after,
  questionnaireCodes: [],
})

it('dates each visit from the enrollment date, in day order, with its window', () => {
  const plan = planVisits([visit('W4', 28, 3, 3), { ...visit('BL', 0, 0, 0), visitType: 'BASELINE' }], '2026-02-20')
  expect(plan.map((v) => [v.code, v.scheduledDate, v.windowStart, v.windowEnd])).toEqual([
    ['BL', '2026-02-20', '2026-02-20', '2026-02-20'],
    ['W4', '2026-03-20', '2026-03-17', '2026-03-23'],
  ])
})

it('crosses month, year and leap-day boundaries by calendar days', () => {
  expect(planVisits([visit('D10', 10, 1, 1)], '2027-12-25')[0]).toMatchObject({
    scheduledDate: '2028-01-04',
    windowStart: '2028-01-03',
  })
  expect(planVisits([visit('D1', 1, 0, 0)], '2028-02-28')[0]!.scheduledDate).toBe('2028-02-29')
})
