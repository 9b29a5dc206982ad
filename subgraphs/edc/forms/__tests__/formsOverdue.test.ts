import { formsOverdue } from '../formsOverdue'

const now = new Date('2026-12-04T12:00:00Z')
const visits = [
  { visitId: 'long-ago', visitDate: new Date('2026-11-20') },
  { visitId: 'yesterday', visitDate: new Date('2026-12-03') },
  { visitId: 'scheduled', visitDate: null },
]

it.each<[string, string, number]>([
  ['long-ago', 'NOT_STARTED', 1],
  ['long-ago', 'IN_PROGRESS', 1],
  ['long-ago', 'COMPLETE', 0],
  ['yesterday', 'NOT_STARTED', 0],
  ['scheduled', 'NOT_STARTED', 0],
  ['unknown-visit', 'NOT_STARTED', 0],
])('a form of visit %s in status %s: %i overdue', (visitId, status, expected) => {
  expect(formsOverdue([{ visitId, status: status as 'COMPLETE' }], visits, now)).toBe(expected)
})

it('counts from the end of the fifth day after the visit', () => {
  const visit = [{ visitId: 'v', visitDate: new Date('2026-11-29T00:00:00Z') }]
  expect(formsOverdue([{ visitId: 'v', status: 'IN_PROGRESS' }], visit, new Date('2026-12-03T23:59:00Z'))).toBe(0)
  expect(formsOverdue([{ visitId: 'v', status: 'IN_PROGRESS' }], visit, new Date('2026-12-04T00:01:00Z'))).toBe(1)
})
