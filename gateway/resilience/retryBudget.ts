export interface RetryBudgetSettings {
  /** Retries allowed per request over the window, e.g. 0.1: at most one retry per ten requests. */
  ratio: number
  /** Retries allowed in any window however few requests there were, so a quiet hour's blip is still retried. */
  minPerWindow: number
  windowMs: number
}

const BUCKETS = 10

interface Bucket {
  /** Which slice of time (now / bucket length) the counts belong to. */
  slot: number
  requests: number
  retries: number
}

/**
 * A sliding-window retry budget for one subgraph (the idea of Finagle's RetryBudget and gRPC's
 * retry throttling): retries may add at most `ratio` to the load the subgraph sees, plus a small
 * floor. When a subgraph fails everything, its callers' retries stop at that ratio instead of
 * multiplying the load on it. The window is ten buckets so old traffic slides out gradually.
 */
export class RetryBudget {
  private readonly buckets: Bucket[] = Array.from({ length: BUCKETS }, () => ({ slot: -1, requests: 0, retries: 0 }))
  private readonly bucketMs: number

  constructor(
    private readonly settings: RetryBudgetSettings,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.bucketMs = settings.windowMs / BUCKETS
  }

  /** A first attempt at a fetch (retries are not requests: they must not earn more retries). */
  recordRequest(): void {
    this.bucketNow().requests++
  }

  canRetry(): boolean {
    const { requests, retries } = this.totals()
    return retries < Math.max(this.settings.minPerWindow, Math.floor(this.settings.ratio * requests))
  }

  recordRetry(): void {
    this.bucketNow().retries++
  }

  private bucketNow(): Bucket {
    const slot = Math.floor(this.now() / this.bucketMs)
    const bucket = this.buckets[slot % BUCKETS]!
    if (bucket.slot !== slot) Object.assign(bucket, { slot, requests: 0, retries: 0 })
    return bucket
  }

  private totals(): { requests: number; retries: number } {
    const oldest = Math.floor(this.now() / this.bucketMs) - BUCKETS + 1
    let requests = 0
    let retries = 0
    for (const bucket of this.buckets) {
      if (bucket.slot < oldest) continue
      requests += bucket.requests
      retries += bucket.retries
    }
    return { requests, retries }
  }
}
