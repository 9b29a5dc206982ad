/**
 * What the access token says the user may do, read for laying out screens only: every decision is
 * the server's (the gateway verifies the token, each subgraph checks the grants again). Mirrors
 * contracts/identity.ts, which the app does not import (it is server code).
 */
export type Role =
  'INVESTIGATOR' | 'CRC' | 'DATA_MANAGER' | 'MONITOR' | 'SPONSOR' | 'PATIENT' | 'STUDY_MANAGER' | 'UNBLINDED_PHARMACIST'

export interface Grant {
  role: Role
  studyId: string | null
  siteId: string | null
  patientId: string | null
}

/** The `grants` claim of a JWT, without verifying it (the server does); [] when unreadable. */
export function grantsOfToken(token: string): Grant[] {
  try {
    const payload = token.split('.')[1] ?? ''
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'))
    const grants = (JSON.parse(json) as { grants?: unknown }).grants
    return Array.isArray(grants) ? (grants as Grant[]) : []
  } catch {
    return []
  }
}

/** Roles that see patients of their sites and keep the live alert feed. */
export const SITE_STAFF: readonly Role[] = ['INVESTIGATOR', 'CRC']
/** Roles that see every patient of their study (cleaning and verifying data). */
export const STUDY_STAFF: readonly Role[] = ['DATA_MANAGER', 'MONITOR']
/** Roles that see aggregates only, never a patient. */
export const AGGREGATE_ONLY: readonly Role[] = ['SPONSOR', 'STUDY_MANAGER']

export const hasRole = (grants: readonly Grant[], roles: readonly Role[]) => grants.some((g) => roles.includes(g.role))
