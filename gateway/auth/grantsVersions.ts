import { LRUCache } from 'lru-cache'
import { GRANTS_VERSIONS_MAX_IDS, type GrantsVersionChange } from '../../contracts/grantsVersions'
import { InvalidTokenError } from './accessTokenVerifier'

/** The token was issued before its holder's roles changed: 401 with reason GRANTS_CHANGED. */
export class GrantsChangedError extends InvalidTokenError {}
/** The users context could not say whether the holder's roles changed: refused (fail closed), 503. */
export class GrantsUnknownError extends Error {}

/**
 * The gateway's knowledge of each user's grants version (contracts/grantsVersions.ts), to refuse
 * access tokens issued before a grant or revocation. A version is taken as current for `freshMs`
 * after the users context gave it; then the next request of that user asks again — the users of
 * all requests waiting at one moment in one call. Versions the users context's mutation answers
 * carry are learned at once (`learn`), so the gateway that served a revocation refuses the next
 * request without asking; another gateway instance learns it within `freshMs`.
 *
 * Fail closed: when the version cannot be had (users down), the request is refused, not let through
 * on a token that might carry a revoked role.
 */
export class GrantsVersions {
  private readonly known: LRUCache<string, { version: number; at: number }>
  private waiting = new Map<string, ((version: number | Error) => void)[]>()
  private readonly listeners: ((change: GrantsVersionChange) => void)[] = []

  constructor(
    private readonly options: {
      fetchVersions: (userIds: string[]) => Promise<Record<string, number>>
      /** GATEWAY_GRANTS_FRESH_MS */
      freshMs: number
      now?: () => number
    },
  ) {
    this.known = new LRUCache({ max: 100_000 })
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }

  /** Calls `listener` whenever a user's version is found to have gone up (live connections close). */
  onChange(listener: (change: GrantsVersionChange) => void): void {
    this.listeners.push(listener)
  }

  /** Versions the users context reported (a mutation's answer, or the batch check). */
  learn(changes: readonly GrantsVersionChange[]): void {
    for (const { userId, version } of changes) {
      const before = this.known.get(userId)?.version
      this.known.set(userId, { version: Math.max(version, before ?? version), at: this.now() })
      if (before !== undefined && version > before) for (const listener of this.listeners) listener({ userId, version })
    }
  }

  /** Refuses a token of `userId` issued at version `tokenVersion` if the user's grants have changed since. */
  async check(userId: string, tokenVersion: number): Promise<void> {
    const current = await this.current(userId)
    if (tokenVersion < current)
      throw new GrantsChangedError(
        'Your roles have changed since this access token was issued: refresh the session (refreshSession) for a token with your current roles.',
      )
  }

  /** For live connections: whether a token at `tokenVersion` is out of date; false when users cannot say (they stay, like sessions). */
  async isStale(userId: string, tokenVersion: number): Promise<boolean> {
    return this.current(userId).then(
      (current) => tokenVersion < current,
      () => false,
    )
  }

  private async current(userId: string): Promise<number> {
    const known = this.known.get(userId)
    if (known && this.now() - known.at < this.options.freshMs) return known.version
    const answer = await new Promise<number | Error>((resolve) => {
      if (this.waiting.size === 0) setImmediate(() => void this.askWaiting())
      const list = this.waiting.get(userId) ?? []
      list.push(resolve)
      this.waiting.set(userId, list)
    })
    if (answer instanceof Error) throw answer
    return answer
  }

  /** One call (per 1,000 users) for every user whose requests are waiting. */
  private async askWaiting(): Promise<void> {
    const waiting = this.waiting
    this.waiting = new Map()
    const ids = [...waiting.keys()]
    for (let start = 0; start < ids.length; start += GRANTS_VERSIONS_MAX_IDS) {
      const chunk = ids.slice(start, start + GRANTS_VERSIONS_MAX_IDS)
      let versions: Record<string, number> | Error
      try {
        versions = await this.options.fetchVersions(chunk)
        // An account the users context does not know has no grants to compare: version 0.
        this.learn(chunk.map((userId) => ({ userId, version: (versions as Record<string, number>)[userId] ?? 0 })))
      } catch (error) {
        versions = new GrantsUnknownError(
          `the users service could not be asked for current roles: ${(error as Error).message}`,
        )
      }
      for (const userId of chunk)
        for (const resolve of waiting.get(userId)!)
          resolve(versions instanceof Error ? versions : this.known.get(userId)!.version)
    }
  }
}
