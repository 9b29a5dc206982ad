import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import type { TokenBucketSpec } from './rateLimitSettings'

/** When a refused caller may try again. */
export interface Refusal {
  retryAfterSeconds: number
}

export interface TokenBucket {
  readonly spec: TokenBucketSpec
  /** Takes `tokens` from `key`'s bucket: undefined when granted, else when to come back. */
  take(key: string, tokens: number): Promise<Refusal | undefined>
}

/**
 * Token-bucket behaviour from rate-limiter-flexible, whose limiters count points in fixed windows
 * and which has no token bucket as such. Its BurstyRateLimiter is what its author offers for "a
 * rate plus a burst allowance" (animir/node-rate-limiter-flexible#61, #175): a limiter of
 * `perSecond` points per one-second window and, once that is spent, a second one of `burst`
 * points. The burst allowance is renewed after the time a token bucket of that size takes to
 * refill (burst / perSecond seconds). So a caller gets `perSecond` tokens every second, up to
 * `burst` more at once, and a refusal waits at most until the next second for what fits in a
 * second's tokens. Unlike an exact token bucket, a caller that spends the burst allowance each time
 * it is renewed may average up to twice `perSecond`; the defaults are set with that in mind.
 * In memory, per gateway process: with several gateway replicas, each enforces its own buckets.
 */
export function createTokenBucket(name: string, spec: TokenBucketSpec): TokenBucket {
  const steady = new RateLimiterMemory({ keyPrefix: `${name}:steady`, points: spec.perSecond, duration: 1 })
  const burst = new RateLimiterMemory({
    keyPrefix: `${name}:burst`,
    points: spec.burst,
    duration: Math.max(1, Math.ceil(spec.burst / spec.perSecond)),
  })
  const limiter = new BurstyRateLimiter(steady, burst)
  // An operation costing more than either allowance could never run: it costs the whole larger one.
  const largest = Math.max(spec.perSecond, spec.burst)
  return {
    spec,
    async take(key, tokens) {
      const cost = Math.min(Math.max(1, tokens), largest)
      try {
        await limiter.consume(key, cost)
        return undefined
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection
        // The combined answer waits for whichever allowance is renewed first; an operation larger
        // than a second's tokens fits only in a renewed burst allowance.
        const waitMs = cost > spec.perSecond ? ((await burst.get(key))?.msBeforeNext ?? 1000) : rejection.msBeforeNext
        return { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) }
      }
    },
  }
}
