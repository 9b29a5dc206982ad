import { LRUCache } from 'lru-cache'
import type { Logger } from '../../platform/logging/logger'
import { CLOCK_TOLERANCE_SECONDS } from '../../contracts/gatewayAssertion'
import { SESSION_STATUS_MAX_IDS } from '../../contracts/sessionStatus'

/** graphql-ws's "Forbidden": the client may reconnect, with a fresh token, and resume from its last cursor. */
export const FORBIDDEN_CLOSE = 4403

/** A live graphql-ws connection: whose it is, until when its token is valid, how to end it. */
export interface LiveConnection {
  sessionId: string
  userId: string
  /** The holder's grants version the access token was issued at (contracts/grantsVersions.ts). */
  grantsVersion: number
  /** The access token's exp claim, in seconds. */
  tokenExpiresAt: number
  close(code: number, reason: string): void
}

/** Longest an access token lives (AUTH_ACCESS_TOKEN_TTL_SECONDS ≤ 3600): how long an ended session is remembered. */
const ENDED_REMEMBERED_MS = 3_600_000

/**
 * A live connection lasts no longer than what authorised it. Each one is closed (4403) when its
 * access token expires — the client reconnects with a refreshed token and subscribes again from
 * its last cursor — and within `checkIntervalMs` of its session ending (signed out, revoked on
 * refresh-token reuse): every interval the users subgraph is asked which of the sessions with
 * live connections have ended (`checkSessions`, one request per 1,000 sessions). Ended sessions
 * are remembered, so a token of one cannot open a new connection either. If the users subgraph
 * cannot answer, connections stay (their tokens still bound them) and the next round asks again.
 * The same holds for roles: a connection whose holder's roles changed after its token was issued
 * closes (4403) as soon as this gateway learns of the change (`grantsChanged`), and the rounds ask
 * (`staleGrants`) for changes made through other gateways.
 */
export class LiveSessions {
  private readonly bySession = new Map<string, Set<LiveConnection>>()
  private readonly ended = new LRUCache<string, true>({ max: 100_000, ttl: ENDED_REMEMBERED_MS })
  private readonly timer: NodeJS.Timeout
  private checking = false

  constructor(
    private readonly options: {
      checkSessions: (sessionIds: string[]) => Promise<string[]>
      /** Whether a token of the user issued at that grants version is out of date (asked each round). */
      staleGrants?: (userId: string, grantsVersion: number) => Promise<boolean>
      checkIntervalMs: number
      logger: Logger
      now?: () => number
    },
  ) {
    this.timer = setInterval(() => void this.checkNow(), options.checkIntervalMs)
    this.timer.unref()
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }

  /** Whether a connection authorised by this token and session may do anything (now). */
  allows(sessionId: string, tokenExpiresAt: number): boolean {
    return !this.ended.has(sessionId) && this.now() < (tokenExpiresAt + CLOCK_TOLERANCE_SECONDS) * 1000
  }

  /** Tracks a connection until the returned function is called (when it closes). */
  add(connection: LiveConnection): () => void {
    const msLeft = (connection.tokenExpiresAt + CLOCK_TOLERANCE_SECONDS) * 1000 - this.now()
    let connections = this.bySession.get(connection.sessionId)
    if (!connections) this.bySession.set(connection.sessionId, (connections = new Set()))
    // Closing a connection also stops tracking it: a socket that was already gone (closed while
    // its handshake was still being authenticated) gets no close event to untrack it later.
    const tracked: LiveConnection = {
      ...connection,
      close: (code, reason) => {
        untrack()
        connection.close(code, reason)
      },
    }
    const expiry = setTimeout(
      () => tracked.close(FORBIDDEN_CLOSE, 'Forbidden: the access token expired'),
      Math.max(0, msLeft),
    )
    expiry.unref()
    const untrack = () => {
      clearTimeout(expiry)
      connections.delete(tracked)
      if (connections.size === 0 && this.bySession.get(connection.sessionId) === connections)
        this.bySession.delete(connection.sessionId)
    }
    connections.add(tracked)
    return untrack
  }

  /** One round: asks which sessions with live connections have ended and closes their connections. */
  async checkNow(): Promise<void> {
    if (this.checking || this.bySession.size === 0) return
    this.checking = true
    try {
      const ids = [...this.bySession.keys()]
      for (let start = 0; start < ids.length; start += SESSION_STATUS_MAX_IDS) {
        for (const sessionId of await this.options.checkSessions(ids.slice(start, start + SESSION_STATUS_MAX_IDS)))
          this.end(sessionId)
      }
      const staleGrants = this.options.staleGrants
      if (staleGrants) {
        const connections = [...this.bySession.values()].flatMap((set) => [...set])
        const stale = await Promise.all(connections.map((c) => staleGrants(c.userId, c.grantsVersion)))
        connections.filter((_, i) => stale[i]).forEach((c) => this.closeForGrants(c))
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not check the sessions of live connections; will retry')
    } finally {
      this.checking = false
    }
  }

  private end(sessionId: string): void {
    this.ended.set(sessionId, true)
    const connections = this.bySession.get(sessionId)
    if (!connections) return
    this.options.logger.info(
      { sessionId, connections: connections.size },
      'session ended: closing its live connections',
    )
    for (const connection of [...connections]) connection.close(FORBIDDEN_CLOSE, 'Forbidden: the session ended')
  }

  /** The user's roles changed (version `version`): their connections authorised before close. */
  grantsChanged(userId: string, version: number): void {
    for (const connections of [...this.bySession.values()])
      for (const connection of [...connections])
        if (connection.userId === userId && connection.grantsVersion < version) this.closeForGrants(connection)
  }

  private closeForGrants(connection: LiveConnection): void {
    this.options.logger.info(
      { sessionId: connection.sessionId, userId: connection.userId },
      'roles changed: closing a live connection',
    )
    connection.close(FORBIDDEN_CLOSE, 'Forbidden: your roles changed')
  }

  stop(): void {
    clearInterval(this.timer)
  }
}
