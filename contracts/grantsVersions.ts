/**
 * How a revoked role stops working from the holder's next request instead of at token expiry.
 * Every grant and revocation bumps the holder's grants version (users context, same transaction);
 * an access token carries the version it was issued at (claim `gv`), and the gateway refuses a
 * token older than the version it knows: 401 UNAUTHENTICATED with `extensions.reason`
 * GRANTS_CHANGED, and the client refreshes its session to get a token with the current roles.
 *
 * The gateway knows a version from two sources: the users context's answer to the mutation that
 * changed it (the response extension below — so the gateway that served the change refuses the
 * very next request), and `POST /grants/versions`, asked (batched) for users it has not checked
 * within a few seconds — other gateway instances learn a change that way.
 */
export const GRANTS_VERSION_CLAIM = 'gv'
export const GRANTS_VERSIONS_SUBGRAPH = 'users'
export const GRANTS_VERSIONS_PATH = '/grants/versions'
/** User ids per request; the gateway asks in chunks of this many. */
export const GRANTS_VERSIONS_MAX_IDS = 1000
/** `extensions.reason` of the 401 that refuses a token issued before its holder's roles changed. */
export const GRANTS_CHANGED_REASON = 'GRANTS_CHANGED'
/** The users subgraph's response extension naming the versions a mutation produced. */
export const GRANTS_CHANGED_EXTENSION = 'grantsChanged'

export interface GrantsVersionChange {
  userId: string
  version: number
}

export interface GrantsVersionsRequest {
  userIds: string[]
}

export interface GrantsVersionsResponse {
  /** The current version of each user asked about; unknown users are left out (no version to compare). */
  versions: Record<string, number>
}

/** The changes a users answer's extensions name (none when absent or not well formed). */
export function grantsChangesOf(extensions: Record<string, unknown>): GrantsVersionChange[] {
  const list = extensions[GRANTS_CHANGED_EXTENSION]
  if (!Array.isArray(list)) return []
  return list.filter(
    (c): c is GrantsVersionChange =>
      typeof c?.userId === 'string' && typeof c?.version === 'number' && Number.isSafeInteger(c.version),
  )
}
