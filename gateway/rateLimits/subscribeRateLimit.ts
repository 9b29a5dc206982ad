import crypto from 'node:crypto'
import type { GraphQLError } from 'graphql'
import { rateLimitedError, type RateLimitPolicy } from './rateLimitPolicy'

/**
 * The limit on subscribe messages per graphql-ws connection: a refused subscription gets its own
 * RATE_LIMITED error and the connection stays open with its other subscriptions. Counted per
 * connection, not per user: one user may rightly watch many screens (each its own connection),
 * while one socket sending subscribe after subscribe is what makes the gateway plan and open
 * streams in a loop. `connection` is graphql-ws's per-socket context object.
 */
export function subscribeRateLimit(policy: RateLimitPolicy) {
  const keys = new WeakMap<object, string>()
  return async (connection: object): Promise<readonly GraphQLError[] | undefined> => {
    let key = keys.get(connection)
    if (!key) keys.set(connection, (key = crypto.randomUUID()))
    const refusal = await policy.admitSubscribe(key)
    return refusal ? [rateLimitedError(refusal)] : undefined
  }
}
