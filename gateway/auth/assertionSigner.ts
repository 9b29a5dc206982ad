import { LRUCache } from 'lru-cache'
import { ASSERTION_LIFETIME_SECONDS, signGatewayAssertion } from '../../contracts/gatewayAssertion'
import { grantsKey, type Identity } from '../../contracts/identity'

export type AssertionSigner = (audience: string, identity: Identity | null) => Promise<string>

/** Half the lifetime: a fetch never leaves with an assertion that has less than 30 s to run. */
const REUSE_MS = (ASSERTION_LIFETIME_SECONDS * 1000) / 2

/**
 * The gateway's assertions for subgraph fetches, one per caller (session and grants) and subgraph,
 * reused for REUSE_MS. A full view makes seven fetches; signing a fresh JWT for each (jose imports
 * the HMAC key and builds the token every time) was an eighth of the gateway's CPU in the
 * full-view profile. The subgraphs remember what they have verified, so reuse saves there too.
 */
export function createAssertionSigner(
  key: Uint8Array,
  options: { max?: number; now?: () => number } = {},
): AssertionSigner {
  const signed = new LRUCache<string, Promise<string>>({
    max: options.max ?? 10_000,
    ttl: REUSE_MS,
    ...(options.now ? { perf: { now: options.now }, ttlResolution: 0 } : {}),
  })
  return (audience, identity) => {
    const cacheKey = identity
      ? `${audience}\n${identity.userId}\n${identity.sessionId}\n${grantsKey(identity.grants)}`
      : `${audience}\nanonymous`
    const known = signed.get(cacheKey)
    if (known) return known
    const assertion = signGatewayAssertion(key, audience, identity)
    signed.set(cacheKey, assertion)
    assertion.catch(() => signed.delete(cacheKey))
    return assertion
  }
}
