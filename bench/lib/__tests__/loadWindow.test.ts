import { emptyWindow, recordErrors, recordLatency, recordPacedAnswer, windowResult } from '../loadWindow'

const cpu = { user: 2000, system: 1000 }

describe('a window of load, summed up', () => {
  it('gives nearest-rank percentiles of every latency and of each status, and the largest', () => {
    const window = emptyWindow()
    for (let ms = 1; ms <= 100; ms++) recordLatency(window, ms <= 90 ? 200 : 503, ms)
    const result = windowResult(window, { seconds: 2, accepted: 7, cpu })
    expect(result).toMatchObject({
      requests: 100,
      rps: 50,
      latency: { p50: 50, p95: 95, p99: 99, mean: 50.5, max: 100 },
      accepted: 7,
      loadGeneratorCpuMsPerRequest: 0.03,
      latencyByStatus: {
        '200': { count: 90, p50: 45, p99: 90, max: 90 },
        '503': { count: 10, p50: 95, p99: 100, max: 100 },
      },
    })
    expect(result.openLoop).toBeUndefined()
  })

  it('with no answer, says so (NaN), not zero', () => {
    const result = windowResult(emptyWindow(), { seconds: 1, accepted: 0, cpu })
    expect(result.requests).toBe(0)
    expect(result.latency.p99).toBeNaN()
    expect(result.latency.max).toBeNaN()
    expect(result.loadGeneratorCpuMsPerRequest).toBeNaN()
  })

  it('does not overflow the stack on a long window (a spread into Math.max would)', () => {
    const window = emptyWindow()
    for (let i = 0; i < 300_000; i++) recordLatency(window, 200, i % 1000)
    expect(windowResult(window, { seconds: 1, accepted: 0, cpu }).latency.max).toBe(999)
  })
})

describe('an open-loop answer', () => {
  const answer = { status: 200, body: '{"data":{}}', ms: 5, lateMs: 1, queued: false }

  it('keeps its lateness and socket wait, and tells who refused a 503', () => {
    const window = emptyWindow()
    expect(recordPacedAnswer(window, answer)).toBe(true)
    recordPacedAnswer(window, {
      ...answer,
      status: 503,
      body: '{"errors":[{"extensions":{"code":"SERVICE_OVERLOADED"}}]}',
      ms: 2,
      queued: true,
    })
    recordPacedAnswer(window, {
      ...answer,
      status: 503,
      body: '{"errors":[{"extensions":{"code":"SERVICE_OVERLOADED","serviceName":"epro"}}]}',
      ms: 30,
      lateMs: 4,
    })
    expect(recordPacedAnswer(window, { ...answer, status: 0, body: '', ms: NaN, lateMs: 2 })).toBe(false)
    const { openLoop, non2xx, errors, requests } = windowResult(window, { seconds: 1, accepted: 0, cpu })
    expect({ non2xx, errors, requests }).toEqual({ non2xx: 2, errors: 1, requests: 3 })
    expect(openLoop).toEqual({
      sendLateness: { p50: 1, p99: 4, max: 4 },
      queuedForSocket: 1,
      refusedBy: { gateway: { count: 1, p50: 2, p99: 2, max: 2 }, epro: { count: 1, p50: 30, p99: 30, max: 30 } },
    })
  })

  it('counts GraphQL errors by code, once per response, with a breaker fast failure told apart', () => {
    const window = emptyWindow()
    recordErrors('{"data":{}}', window)
    recordErrors('{"errors":[{"extensions":{"code":"FORBIDDEN"}},{"extensions":{"code":"FORBIDDEN"}}]}', window)
    recordErrors('{"errors":[{"extensions":{"code":"SERVICE_UNAVAILABLE","reason":"circuit-open"}}]}', window)
    expect(window.graphqlErrors).toBe(2)
    expect(window.errorCodes).toEqual({ FORBIDDEN: 1, SERVICE_UNAVAILABLE: 1, 'circuit-open': 1 })
    expect(window.firstGraphqlError).toMatch(/^"errors":\[\{"extensions":\{"code":"FORBIDDEN"/)
  })
})
