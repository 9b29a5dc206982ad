import { afterFailure, lockedForSeconds, FREE_FAILURES } from '../signInThrottle'

const now = new Date('2026-11-21T12:00:00Z')

it.each([
  [1, null],
  [FREE_FAILURES - 1, null],
  [FREE_FAILURES, 60],
  [FREE_FAILURES + 1, 120],
  [FREE_FAILURES + 2, 240],
  [FREE_FAILURES + 6, 3600],
  [FREE_FAILURES + 20, 3600],
])('after failure %i the address is locked for %s s', (failures, seconds) => {
  const state = afterFailure({ failures: failures - 1, lockedUntil: null }, now)
  expect(state.failures).toBe(failures)
  expect(state.lockedUntil ? (state.lockedUntil.getTime() - now.getTime()) / 1000 : null).toBe(seconds)
})

it('counts the wait down to zero', () => {
  const state = { failures: 5, lockedUntil: new Date(now.getTime() + 30_500) }
  expect(lockedForSeconds(state, now)).toBe(31)
  expect(lockedForSeconds(state, new Date(now.getTime() + 31_000))).toBe(0)
  expect(lockedForSeconds(null, now)).toBe(0)
})
