import type { SessionTokensFragment } from '../generated/operations'

/** A signed-in session as the app keeps it: the tokens, when they expire (epoch ms), and who. */
export interface StoredSession {
  accessToken: string
  accessTokenExpiresAt: number
  refreshToken: string
  refreshTokenExpiresAt: number
  userId: string
  displayName: string
}

// sessionStorage, not localStorage: a reload keeps the session, closing the tab (a shared
// workstation on a ward) ends it. The refresh token is single use, so a copy taken from here
// and used elsewhere ends the session for both (the users context revokes the whole family).
const KEY = 'trial.session'

export function sessionFromTokens(tokens: SessionTokensFragment): StoredSession {
  return {
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: Date.parse(tokens.accessTokenExpiresAt),
    refreshToken: tokens.refreshToken,
    refreshTokenExpiresAt: Date.parse(tokens.refreshTokenExpiresAt),
    userId: tokens.user.id,
    displayName: tokens.user.displayName,
  }
}

export function loadSession(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(KEY)
    if (!raw) return null
    const session = JSON.parse(raw) as StoredSession
    return session.refreshTokenExpiresAt > Date.now() ? session : null
  } catch {
    return null
  }
}

export function saveSession(session: StoredSession | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session))
  else sessionStorage.removeItem(KEY)
}
