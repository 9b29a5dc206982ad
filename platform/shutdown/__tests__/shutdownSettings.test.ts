import { drainGraceMs } from '../shutdownSettings'

describe('drainGraceMs', () => {
  it.each([
    // timeout, readiness delay, close handshake → what the HTTP drain gets
    [10_000, 2000, 2000, 2000], // production defaults: the outbox flush and pool close keep 4 s
    [10_000, 0, 2000, 4000], // npm start, tests
    [30_000, 5000, 2000, 19_000],
    [5000, 2000, 2000, 1000], // a tight bound still leaves in-flight requests a second
  ])(
    'bound %i ms, readiness delay %i ms, handshake %i ms → %i ms',
    (timeoutMs, readinessDelayMs, handshakeMs, expected) => {
      expect(drainGraceMs({ timeoutMs, readinessDelayMs }, handshakeMs)).toBe(expected)
    },
  )
})
