/**
 * An adaptive concurrency limit: how many requests a server should have in flight at once, learnt
 * from their latency, after Netflix's Gradient2 (concurrency-limits, `Gradient2Limit` wrapped in a
 * `WindowedLimit`). Little's law says the concurrency a server can take without queueing is its
 * throughput × its unloaded latency; past it, requests only wait, and latency rises. So:
 *
 * - every window (≥ `minSamples` requests and ≥ `windowMs`) its average latency is compared with a
 *   long-term exponential average of past windows' (the baseline);
 * - gradient = clamp(tolerance × baseline / recent, 0.5, 1): 1 while latency stays within the
 *   tolerance, down to 0.5 as a queue builds;
 * - new limit = limit × gradient + queueAllowance (room to probe upwards), smoothed, clamped to
 *   [min, max];
 * - a window that never had half the limit in flight leaves it alone: an idle server learns
 *   nothing about its capacity (Gradient2's "app-limited" rule).
 *
 * One departure from Gradient2, found by simulating a CPU-bound server (its latency grows with
 * what it has in flight; __tests__/gradientLimit.test.ts): there, Gradient2's baseline follows the
 * queue's latency up, the gradient returns to 1 and the limit grows without end (×10 in two
 * minutes of overload). So the baseline learns only from windows in which nothing was refused: the
 * latency of a server refusing work is the latency of its queue, not of its work. It is frozen
 * while the overload lasts and follows the latency again once it is over. When the baseline is
 * more than twice the recent latency (it was learnt at a heavier time) it is pulled down ×0.9 per
 * window.
 *
 * A second signal, for a server whose own CPU is the bottleneck (the gateway at the diary peak): its
 * event loop's delay. A request — a refusal too — waits in the loop before any code runs, so a
 * loop running late makes refusals slow, whatever the latency of what was admitted. When the
 * window's loop delay (p99) exceeds `maxLoopDelayMs`, the gradient is at most maxLoopDelayMs /
 * delay, and the window teaches the baseline nothing. Pure: times, latencies and the loop delay are
 * given, so it is tested without a clock.
 */
export interface GradientLimitSettings {
  initialLimit: number
  minLimit: number
  maxLimit: number
  /** How far (×) the recent latency may rise over the baseline before the limit shrinks. */
  tolerance: number
  /** Share of the new estimate taken each window (0–1): lower is steadier, higher reacts faster. */
  smoothing: number
  /** Windows the baseline averages over (its exponential average's period). */
  longWindows: number
  minSamples: number
  windowMs: number
  /** The event-loop delay (p99, ms) above which the limit shrinks; 0: not watched. */
  maxLoopDelayMs: number
}

export const DEFAULT_GRADIENT_LIMIT: GradientLimitSettings = {
  initialLimit: 32,
  minLimit: 8,
  maxLimit: 1000,
  tolerance: 1.5,
  smoothing: 0.2,
  longWindows: 100,
  minSamples: 10,
  windowMs: 250,
  maxLoopDelayMs: 10,
}

export class GradientLimit {
  private estimate: number
  private baselineMs: number | undefined
  private baselineWindows = 0
  private windowStart: number | undefined
  private windowSamples = 0
  private windowLatencySum = 0
  private windowMaxInFlight = 0
  private windowRefused = false

  constructor(
    private readonly settings: GradientLimitSettings = DEFAULT_GRADIENT_LIMIT,
    /** This window's event-loop delay (p99, ms); read once per window. */
    private readonly loopDelayMs: () => number = () => 0,
  ) {
    this.estimate = settings.initialLimit
  }

  /** The whole number of requests allowed in flight now. */
  get limit(): number {
    return Math.floor(this.estimate)
  }

  /** The long-term latency the recent one is compared with (undefined before the first window). */
  get baseline(): number | undefined {
    return this.baselineMs
  }

  /** A request was refused: this window's latency says nothing about the unloaded latency. */
  recordRefusal(): void {
    this.windowRefused = true
  }

  /**
   * One request finished after `latencyMs`, `inFlight` (itself included) having been in flight
   * when it started, at `now` (ms, any monotonic clock).
   */
  record(latencyMs: number, inFlight: number, now: number): void {
    this.windowStart ??= now
    this.windowSamples += 1
    this.windowLatencySum += latencyMs
    this.windowMaxInFlight = Math.max(this.windowMaxInFlight, inFlight)
    if (this.windowSamples < this.settings.minSamples || now - this.windowStart < this.settings.windowMs) return
    this.update(this.windowLatencySum / this.windowSamples, this.windowMaxInFlight, this.windowRefused)
    this.windowStart = now
    this.windowSamples = 0
    this.windowLatencySum = 0
    this.windowMaxInFlight = 0
    this.windowRefused = false
  }

  private update(recentMs: number, maxInFlight: number, refused: boolean): void {
    const { tolerance, smoothing, minLimit, maxLimit, longWindows, maxLoopDelayMs } = this.settings
    const loopDelay = this.loopDelayMs()
    const loopLate = maxLoopDelayMs > 0 && loopDelay > maxLoopDelayMs
    if ((!refused && !loopLate) || this.baselineMs === undefined) {
      // The exponential average starts as a plain mean, so the first windows do not weigh like 1/period.
      this.baselineWindows = Math.min(this.baselineWindows + 1, longWindows)
      const weight = 1 / this.baselineWindows
      this.baselineMs = (this.baselineMs ?? recentMs) * (1 - weight) + recentMs * weight
    }
    const baseline = this.baselineMs
    if (baseline / recentMs > 2) this.baselineMs = baseline * 0.9
    if (maxInFlight < this.estimate / 2) return
    const latencyGradient = Math.min(1, (tolerance * baseline) / recentMs)
    const loopGradient = loopLate ? maxLoopDelayMs / loopDelay : 1
    const gradient = Math.max(0.5, Math.min(latencyGradient, loopGradient))
    const target = this.estimate * gradient + queueAllowance(this.estimate)
    const smoothed = this.estimate * (1 - smoothing) + target * smoothing
    this.estimate = Math.max(minLimit, Math.min(maxLimit, smoothed))
  }
}

/** Room to grow per window: the square root of the limit (Gradient's choice), at least 4. */
function queueAllowance(limit: number): number {
  return Math.max(4, Math.sqrt(limit))
}
