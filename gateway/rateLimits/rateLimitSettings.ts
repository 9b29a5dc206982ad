import { z } from 'zod'

/** A token bucket: `perSecond` tokens come back every second, up to `burst` more may be spent at once. */
export interface TokenBucketSpec {
  perSecond: number
  burst: number
}

/**
 * The gateway's rate limits (gateway/config.ts reads them from RATE_LIMIT_*). Each caller has one
 * bucket per kind of operation, so that reads and writes never share capacity: a flood of
 * reporting queries empties the query bucket and leaves diary submissions (mutations) their own.
 */
export interface RateLimits {
  /** Signed-in user: queries, charged by their estimated size (objectsPerToken). */
  userQueries: TokenBucketSpec
  /** Signed-in user: mutations, one token per root field (each is a write). */
  userMutations: TokenBucketSpec
  /** Client address, signed-in traffic of every user behind it: looser, a site may sit behind one NAT. */
  ipQueries: TokenBucketSpec
  ipMutations: TokenBucketSpec
  /** Client address, anonymous requests: signing in, refreshing and ending sessions. */
  ipAnonymous: TokenBucketSpec
  /** graphql-ws: subscribe messages on one connection. */
  connectionSubscribes: TokenBucketSpec
  /**
   * Export jobs (an access token whose only grant is EXPORT_READER: contracts/exportCredential.ts):
   * their queries, per requester, instead of the person's own and their address's buckets.
   */
  exportQueries: TokenBucketSpec
  /** A query costs one token per this many objects it may return (see operationCost.ts). */
  objectsPerToken: number
}

/**
 * Defaults with room over what the dashboards do: a screen loads with a handful of queries, a CRC
 * submits a diary entry every few seconds at most, and a hospital's staff may share one address.
 */
export const DEFAULT_RATE_LIMITS = {
  userQueries: { perSecond: 20, burst: 100 },
  userMutations: { perSecond: 10, burst: 50 },
  ipQueries: { perSecond: 200, burst: 1000 },
  ipMutations: { perSecond: 100, burst: 500 },
  ipAnonymous: { perSecond: 5, burst: 20 },
  connectionSubscribes: { perSecond: 5, burst: 20 },
  // An export reads a page of 10 subjects for ~11 tokens: 100 a second lets a job read as fast as
  // the gateway serves it (~60 subjects a second), and five times what a person may.
  exportQueries: { perSecond: 100, burst: 500 },
  objectsPerToken: 500,
} as const satisfies RateLimits

/** `<per second>,<burst>` (e.g. `20,100`), both whole numbers, the rate at least 1. */
export function tokenBucketVariable(fallback: TokenBucketSpec) {
  return z
    .string()
    .regex(/^\s*\d+\s*,\s*\d+\s*$/, 'expected "<tokens per second>,<burst>", e.g. "20,100"')
    .transform((value): TokenBucketSpec => {
      const [perSecond, burst] = value.split(',').map(Number) as [number, number]
      return { perSecond, burst }
    })
    .refine((spec) => spec.perSecond >= 1, 'the rate must be at least 1 token per second')
    .default({ ...fallback })
}
