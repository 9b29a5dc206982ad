import { RefreshSessionDocument, SignInDocument, SignOutDocument } from '../generated/operations'
import { GatewayError, gatewayRequest } from '../api/gatewayRequest'
import { grantsOfToken, type Grant } from './accessGrants'
import { loadSession, saveSession, sessionFromTokens, type StoredSession } from './storedSession'

export type SessionState =
  | { kind: 'anonymous'; notice?: string }
  | { kind: 'active'; session: StoredSession; grants: Grant[] }
  | { kind: 'ended'; reason: string }

/** A token this close to its expiry is refreshed before a request goes out with it. */
const EXPIRY_MARGIN_MS = 10_000
/** Renewed in the background when this share of its remaining life has passed. */
const RENEW_AT_SHARE = 0.75

/**
 * The signed-in session: signs in and out, refreshes the access token ahead of its expiry (one
 * refresh at a time: the refresh token is single use, so two concurrent refreshes would end the
 * session), and says when the session has ended so the app can show why.
 */
export class SessionManager {
  private current: SessionState
  private readonly listeners = new Set<(state: SessionState) => void>()
  private refreshing: Promise<boolean> | null = null
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor() {
    const stored = loadSession()
    this.current = stored ? active(stored) : { kind: 'anonymous' }
    if (stored) this.schedule(stored)
  }

  get state(): SessionState {
    return this.current
  }

  subscribe(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async signIn(email: string, password: string): Promise<void> {
    const { signIn } = await gatewayRequest(SignInDocument, { email, password })
    this.set(active(sessionFromTokens(signIn)))
  }

  async signOut(): Promise<void> {
    const state = this.current
    this.set({ kind: 'anonymous', notice: 'You are signed out.' })
    if (state.kind === 'active')
      await gatewayRequest(SignOutDocument, { refreshToken: state.session.refreshToken }).catch(() => undefined)
  }

  /** The access token, refreshed first when it is about to expire; null once the session has ended. */
  async accessToken(): Promise<string | null> {
    const state = this.current
    if (state.kind !== 'active') return null
    if (state.session.accessTokenExpiresAt - Date.now() > EXPIRY_MARGIN_MS) return state.session.accessToken
    return (await this.refresh()) && this.current.kind === 'active' ? this.current.session.accessToken : null
  }

  /** The access token as it is now (for synchronous header building); see accessToken(). */
  currentAccessToken(): string | null {
    return this.current.kind === 'active' ? this.current.session.accessToken : null
  }

  expiresSoon(): boolean {
    return this.current.kind === 'active' && this.current.session.accessTokenExpiresAt - Date.now() < EXPIRY_MARGIN_MS
  }

  /** Exchanges the refresh token for new tokens; false (and the session ended) when it is refused. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null
    })
    return this.refreshing
  }

  /** The server refused the token for good (revoked session, roles changed and refresh refused). */
  end(reason: string): void {
    if (this.current.kind === 'active') this.set({ kind: 'ended', reason })
  }

  private async doRefresh(): Promise<boolean> {
    const state = this.current
    if (state.kind !== 'active') return false
    try {
      const { refreshSession } = await gatewayRequest(RefreshSessionDocument, {
        refreshToken: state.session.refreshToken,
      })
      if (this.current !== state) return this.current.kind === 'active' // signed out meanwhile
      this.set(active(sessionFromTokens(refreshSession)))
      return true
    } catch (error) {
      // A network failure is not the end of the session: the next request tries again.
      if (error instanceof GatewayError && error.code === 'NETWORK') return false
      this.set({
        kind: 'ended',
        reason:
          error instanceof GatewayError && error.code === 'INVALID_REFRESH_TOKEN'
            ? 'Your session has expired or was ended. Sign in again to continue.'
            : `Your session could not be renewed (${error instanceof Error ? error.message : String(error)}).`,
      })
      return false
    }
  }

  private set(state: SessionState): void {
    this.current = state
    clearTimeout(this.timer)
    saveSession(state.kind === 'active' ? state.session : null)
    if (state.kind === 'active') this.schedule(state.session)
    for (const listener of this.listeners) listener(state)
  }

  private schedule(session: StoredSession): void {
    const delay = Math.max(1000, (session.accessTokenExpiresAt - Date.now()) * RENEW_AT_SHARE)
    this.timer = setTimeout(() => void this.refresh(), delay)
  }
}

function active(session: StoredSession): SessionState {
  return { kind: 'active', session, grants: grantsOfToken(session.accessToken) }
}
