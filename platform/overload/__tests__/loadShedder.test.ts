import { LoadShedder, type Admission } from '../loadShedder'
import { DEFAULT_GRADIENT_LIMIT } from '../gradientLimit'

/** A fixed limit of 4 (min = max), reads up to half of it. */
const fixed = (limit: number, readShare = 0.5) =>
  new LoadShedder({
    limit: { ...DEFAULT_GRADIENT_LIMIT, initialLimit: limit, minLimit: limit, maxLimit: limit },
    readShare,
  })

describe('LoadShedder', () => {
  it('admits reads up to their share of the limit and writes up to all of it: reads are shed first', () => {
    const shedder = fixed(4)
    const reads = [shedder.tryAdmit('read'), shedder.tryAdmit('read')]
    expect(reads.every(Boolean)).toBe(true)
    expect(shedder.tryAdmit('read')).toBeUndefined()
    const writes = [shedder.tryAdmit('write'), shedder.tryAdmit('write')]
    expect(writes.every(Boolean)).toBe(true)
    expect(shedder.tryAdmit('write')).toBeUndefined()
    expect(shedder.state).toEqual({ limit: 4, inFlight: 4 })
  })

  it('frees the slot on release, once however often release is called', () => {
    const shedder = fixed(2, 1)
    const first = shedder.tryAdmit('read') as Admission
    shedder.tryAdmit('read')
    expect(shedder.tryAdmit('write')).toBeUndefined()
    first.release()
    first.release()
    expect(shedder.state.inFlight).toBe(1)
    expect(shedder.tryAdmit('write')).toBeDefined()
    expect(shedder.tryAdmit('write')).toBeUndefined()
  })

  it('always lets one read through when nothing is in flight, however small the share', () => {
    const shedder = fixed(1, 0.1)
    expect(shedder.tryAdmit('read')).toBeDefined()
  })

  it('learns from the latency of what it admitted: slow answers shrink the limit', () => {
    let now = 0
    const shedder = new LoadShedder(
      { limit: { ...DEFAULT_GRADIENT_LIMIT, initialLimit: 40, minLimit: 4, windowMs: 0 }, readShare: 1 },
      () => now,
    )
    const round = (latencyMs: number) => {
      const admitted = Array.from({ length: shedder.state.limit }, () => shedder.tryAdmit('write')!)
      now += latencyMs
      for (const a of admitted) a.release()
    }
    for (let i = 0; i < 10; i++) round(10)
    const before = shedder.state.limit
    for (let i = 0; i < 10; i++) round(100)
    expect(shedder.state.limit).toBeLessThan(before)
  })
})
