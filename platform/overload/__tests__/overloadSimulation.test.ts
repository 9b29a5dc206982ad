import { LoadShedder, type Admission } from '../loadShedder'
import { DEFAULT_GRADIENT_LIMIT } from '../gradientLimit'

/**
 * The shedder in front of a simulated CPU-bound server, on a simulated clock (1 ms ticks): each
 * request waits 9 ms (I/O), then needs 1 ms of a CPU it shares with every other request at that
 * stage (processor sharing). Capacity: 1 request/ms; unloaded latency: 10 ms. Without a limit, 3×
 * that load queues without end; with it, goodput must stay near capacity and latency near the
 * unloaded one, for minutes, with no drift (what made plain Gradient2 unfit here).
 */
function simulate() {
  let now = 0
  const shedder = new LoadShedder({ limit: DEFAULT_GRADIENT_LIMIT, readShare: 0.75 }, () => now)
  let active: { admission: Admission; ioLeft: number; cpuLeft: number; started: number }[] = []
  return {
    shedder,
    /** `perMs` requests offered each ms for `ms`; what came of them. */
    run(perMs: number, ms: number, priority: 'read' | 'write' | ((i: number) => 'read' | 'write') = 'write') {
      const latencies: number[] = []
      const refused = { read: 0, write: 0 }
      const offered = { read: 0, write: 0 }
      let due = 0
      let n = 0
      for (const end = now + ms; now < end;) {
        now += 1
        for (due += perMs; due >= 1; due -= 1) {
          const p = typeof priority === 'function' ? priority(n++) : priority
          offered[p] += 1
          const admission = shedder.tryAdmit(p)
          if (admission) active.push({ admission, ioLeft: 9, cpuLeft: 1, started: now })
          else refused[p] += 1
        }
        const computing = active.filter((r) => r.ioLeft <= 0)
        for (const r of active) if (r.ioLeft > 0) r.ioLeft -= 1
        for (const r of computing) r.cpuLeft -= 1 / computing.length
        active = active.filter((r) => {
          if (r.cpuLeft > 1e-9) return true
          r.admission.release()
          latencies.push(now - r.started)
          return false
        })
      }
      latencies.sort((a, b) => a - b)
      return {
        goodputPerMs: latencies.length / ms,
        p99: latencies[Math.floor(latencies.length * 0.99)]!,
        refused,
        offered,
      }
    },
  }
}

describe('adaptive shedding in front of a simulated CPU-bound server', () => {
  it('keeps goodput ≥ 90 % of capacity and latency within 3× the unloaded one at 3× load, for two minutes', () => {
    const sim = simulate()
    expect(sim.run(0.5, 20_000).p99).toBeLessThanOrEqual(10) // half load: nothing refused, no queue
    for (let minute = 0; minute < 6; minute++) {
      const overload = sim.run(3, 20_000)
      expect(overload.goodputPerMs).toBeGreaterThanOrEqual(0.9)
      expect(overload.p99).toBeLessThanOrEqual(30)
    }
    const after = sim.run(0.5, 20_000)
    expect(after.refused.write).toBe(0)
    expect(after.p99).toBeLessThanOrEqual(10)
  })

  it('sheds reads before writes: at 3× load, one write in four, writes keep (nearly) all their goodput', () => {
    const sim = simulate()
    sim.run(0.5, 20_000)
    const mixed = sim.run(3, 60_000, (i) => (i % 4 === 0 ? 'write' : 'read'))
    expect(mixed.refused.write / mixed.offered.write).toBeLessThan(0.05)
    expect(mixed.refused.read / mixed.offered.read).toBeGreaterThan(0.5)
    expect(mixed.goodputPerMs).toBeGreaterThanOrEqual(0.9)
  })
})
