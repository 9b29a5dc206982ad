import { LRUCache } from 'lru-cache'
import { CLOCK_TOLERANCE_SECONDS } from '../../contracts/gatewayAssertion'

/**
 * Tokens this process has verified, with what they said, remembered until they expire (plus the
 * clock tolerance) and at most `rememberMs`: the same token comes back with request after request,
 * and checking its signature again costs more CPU than a small request's own work. Only
 * acceptances are remembered; a refused token is checked again every time and told why.
 */
export function acceptedTokens<T>(options: { max?: number; rememberMs?: number; now?: () => number } = {}) {
  const now = options.now ?? Date.now
  const accepted = new LRUCache<string, { value: T; acceptUntilMs: number }>({
    max: options.max ?? 10_000,
    ...(options.rememberMs ? { ttl: options.rememberMs } : {}),
  })
  return {
    get(token: string): T | undefined {
      const known = accepted.get(token)
      return known && now() < known.acceptUntilMs ? known.value : undefined
    },
    /** `expiresAt`: the token's exp claim, in seconds. */
    remember(token: string, value: T, expiresAt: number): void {
      accepted.set(token, { value, acceptUntilMs: (expiresAt + CLOCK_TOLERANCE_SECONDS) * 1000 })
    },
  }
}
