/**
 * How the gateway learns that sign-in sessions it holds live graphql-ws connections for have ended
 * — signed out, revoked when a used refresh token came back, expired, or their user deactivated —
 * so it can close those connections within seconds instead of at token expiry. The users subgraph
 * answers, for the gateway only (its assertion, like /graphql).
 */
export const SESSION_STATUS_SUBGRAPH = 'users'
export const SESSION_STATUS_PATH = '/sessions/status'
/** Session ids per request; the gateway asks in chunks of this many. */
export const SESSION_STATUS_MAX_IDS = 1000

export interface SessionStatusRequest {
  sessionIds: string[]
}

export interface SessionStatusResponse {
  /** The ids asked about whose sessions are no longer live (unknown ids included). */
  ended: string[]
}
