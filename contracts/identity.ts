/**
 * Who is asking, as the gateway vouches for it to the subgraphs: the signed-in user and the roles
 * they hold, each scoped to a study, optionally narrowed to a site (site-level roles) or to one
 * subject (a patient's own account). Subgraphs decide access from this alone, with their own data.
 */
export const ROLES = [
  'INVESTIGATOR',
  'CRC',
  'DATA_MANAGER',
  'MONITOR',
  'SPONSOR',
  'PATIENT',
  'STUDY_MANAGER',
  'UNBLINDED_PHARMACIST',
  // Read-only, one study: never granted to a person through staff administration (nor stored as
  // a role assignment); only the access tokens an export job reads its study with carry it
  // (contracts/exportCredential.ts, access-policy/accessPolicy.ts EXPORT_READ).
  'EXPORT_READER',
] as const
export type Role = (typeof ROLES)[number]

export interface Grant {
  role: Role
  studyId: string | null
  siteId: string | null
  patientId: string | null
}

export interface Identity {
  userId: string
  /** The sign-in session (refresh-token family) the request belongs to. */
  sessionId: string
  grants: Grant[]
}

/** Grants in a canonical order: equal sets of grants give equal strings (a sharing key). */
export function grantsKey(grants: readonly Grant[]): string {
  return grants
    .map((g) => [g.role, g.studyId ?? '', g.siteId ?? '', g.patientId ?? ''].join(':'))
    .sort()
    .join('|')
}

/**
 * Grants from a token's `grants` claim (the access token, the gateway's assertion): null when the
 * claim is not a list of grants with known roles — the caller refuses the token with its own words.
 */
export function grantsFromClaim(value: unknown): Grant[] | null {
  if (!Array.isArray(value)) return null
  const id = (v: unknown) => (typeof v === 'string' ? v : null)
  const grants: Grant[] = []
  for (const item of value) {
    const g = (item ?? {}) as Record<string, unknown>
    if (!ROLES.includes(g.role as Role)) return null
    grants.push({ role: g.role as Role, studyId: id(g.studyId), siteId: id(g.siteId), patientId: id(g.patientId) })
  }
  return grants
}
