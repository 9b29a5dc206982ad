import { GradientLimit, type GradientLimitSettings } from '../gradientLimit'

const settings: GradientLimitSettings = {
  initialLimit: 20,
  minLimit: 4,
  maxLimit: 200,
  tolerance: 1.5,
  smoothing: 0.2,
  longWindows: 100,
  minSamples: 10,
  windowMs: 100,
  maxLoopDelayMs: 10,
}

/**
 * Feeds `windows` windows of 10 requests each at `latencyMs`, with `inFlight` in flight, some
 * refused in each window when `refusing`; returns the clock.
 */
function feed(
  limit: GradientLimit,
  windows: number,
  latencyMs: number,
  inFlight: (limit: number) => number,
  start = 0,
  refusing = false,
) {
  let now = start
  for (let w = 0; w < windows; w++)
    for (let i = 0; i < 10; i++) {
      now += 10
      if (refusing) limit.recordRefusal()
      limit.record(latencyMs, inFlight(limit.limit), now)
    }
  return now
}

describe('GradientLimit (Gradient2, windowed)', () => {
  it('grows while latency stays at its baseline and the server is busy', () => {
    const limit = new GradientLimit(settings)
    feed(limit, 30, 20, (l) => l)
    expect(limit.limit).toBeGreaterThan(40)
  })

  it('does not grow when the server is idle (under half the limit in flight: app-limited)', () => {
    const limit = new GradientLimit(settings)
    feed(limit, 30, 20, () => 2)
    expect(limit.limit).toBe(20)
  })

  it('shrinks when latency rises well past its baseline (a queue is building), never under the minimum', () => {
    const limit = new GradientLimit({ ...settings, minLimit: 12 })
    const now = feed(limit, 20, 20, (l) => l)
    const grown = limit.limit
    feed(limit, 5, 200, (l) => l, now)
    expect(limit.limit).toBeLessThan(grown)
    // Left alone it would settle at 8 (halving against its room to grow, √limit ≥ 4); the floor is 12.
    feed(limit, 200, 2000, (l) => l, now + 10_000, true)
    expect(limit.limit).toBe(12)
  })

  it('learns no baseline from windows in which requests were refused (the latency of a queue)', () => {
    const limit = new GradientLimit(settings)
    const now = feed(limit, 20, 20, (l) => l)
    feed(limit, 100, 400, (l) => l, now, true)
    expect(limit.baseline).toBeCloseTo(20)
    // Without refusals a steady latency becomes the baseline, as in Gradient2.
    feed(limit, 100, 400, (l) => l, now + 100_000)
    expect(limit.baseline).toBeGreaterThan(300)
  })

  it('tolerates latency up to the tolerance over the baseline without shrinking', () => {
    const limit = new GradientLimit(settings)
    const now = feed(limit, 20, 20, (l) => l)
    const before = limit.limit
    feed(limit, 3, 28, (l) => l, now) // ×1.4 < ×1.5
    expect(limit.limit).toBeGreaterThanOrEqual(before)
  })

  it('never exceeds the maximum', () => {
    const limit = new GradientLimit({ ...settings, maxLimit: 30 })
    feed(limit, 200, 20, (l) => l)
    expect(limit.limit).toBe(30)
  })

  it('recovers after a long overload: a baseline far above the recent latency is pulled down', () => {
    const limit = new GradientLimit(settings)
    const now = feed(limit, 100, 400, (l) => l)
    expect(limit.baseline).toBeGreaterThan(300) // learnt at a heavier time, without refusals
    feed(limit, 40, 20, (l) => l, now)
    expect(limit.baseline).toBeLessThan(100)
    expect(limit.limit).toBeGreaterThan(settings.minLimit)
  })

  it('shrinks when the event loop runs late, however flat the latency, and learns no baseline meanwhile', () => {
    let loopDelay = 0
    const limit = new GradientLimit(settings, () => loopDelay)
    const now = feed(limit, 20, 20, (l) => l)
    const grown = limit.limit
    loopDelay = 40 // ×4 the allowed 10 ms: the gradient is ½ (its floor)
    feed(limit, 10, 20, (l) => l, now)
    expect(limit.limit).toBeLessThan(grown * 0.6)
    expect(limit.baseline).toBeCloseTo(20)
    loopDelay = 8 // within the allowance: it grows again
    const shrunk = limit.limit
    feed(limit, 10, 20, (l) => l, now + 10_000)
    expect(limit.limit).toBeGreaterThan(shrunk)
  })

  it('waits for a whole window: fewer than the minimum samples change nothing', () => {
    const limit = new GradientLimit(settings)
    for (let i = 0; i < 9; i++) limit.record(5000, 20, i * 1000)
    expect(limit.baseline).toBeUndefined()
    expect(limit.limit).toBe(20)
  })
})
