/**
 * How one call to a subgraph went, for its circuit breaker:
 * - `failure`: the subgraph failed it — unreachable, 5xx, or no answer within the gateway's own
 *   timeout;
 * - `slow`: a deadline passed first although the subgraph had a fair chance (gateway/resilience/
 *   fetchFailure.ts) — a sign of trouble only when it is every call, since a busy subgraph
 *   misses deadlines too;
 * - `ok`: it answered (GraphQL errors in a 200 included), or the outcome says nothing about it.
 */
export type CallVerdict = 'ok' | 'failure' | 'slow'

export interface HealthThresholds {
  /** The sliding window the rates are measured over. */
  windowMs: number
  /** Fewer calls in the window than this: not enough to judge, the breaker stays closed. */
  minCalls: number
  /** Open when at least this share of the window's calls failed (resilience4j's failureRateThreshold). */
  failureRate: number
  /** Open when at least this share failed or were slow (resilience4j's slowCallRateThreshold). */
  slowRate: number
}

const BUCKETS = 10

/**
 * The outcomes of a subgraph's recent calls, in time buckets over a sliding window, and whether
 * they say the subgraph is failing — in the manner of resilience4j's time-based window: the rates
 * count, not runs, so a deadline missed now and then under load (the client's budget, not the
 * subgraph's health) never opens a breaker, while a subgraph that is down or hung does. Pure: the
 * clock is passed in.
 */
export class HealthWindow {
  private readonly bucketMs: number
  private buckets: { start: number; ok: number; failure: number; slow: number }[] = []

  constructor(private readonly thresholds: HealthThresholds) {
    this.bucketMs = Math.max(1, Math.floor(thresholds.windowMs / BUCKETS))
  }

  record(verdict: CallVerdict, now: number): void {
    const start = now - (now % this.bucketMs)
    let bucket = this.buckets.at(-1)
    if (!bucket || bucket.start !== start) this.buckets.push((bucket = { start, ok: 0, failure: 0, slow: 0 }))
    bucket[verdict] += 1
    this.forgetBefore(now - this.thresholds.windowMs)
  }

  /** Whether the calls in the window say the subgraph is failing. */
  failing(now: number): boolean {
    this.forgetBefore(now - this.thresholds.windowMs)
    let [ok, failure, slow] = [0, 0, 0]
    for (const b of this.buckets) [ok, failure, slow] = [ok + b.ok, failure + b.failure, slow + b.slow]
    const calls = ok + failure + slow
    if (calls < this.thresholds.minCalls) return false
    return failure / calls >= this.thresholds.failureRate || (failure + slow) / calls >= this.thresholds.slowRate
  }

  reset(): void {
    this.buckets = []
  }

  private forgetBefore(oldest: number): void {
    while (this.buckets.length > 0 && this.buckets[0]!.start + this.bucketMs <= oldest) this.buckets.shift()
  }
}
