import type { Identity, Role } from '../contracts/identity'

/**
 * Who may administer a study's staff: invite accounts, grant and revoke roles (pure; the users
 * subgraph asks, with the grant's scope). Study managers do, for their study — an organisation-level
 * study manager (a grant with no study) for every study. Making someone a study manager is the
 * organisation's decision, so only an organisation-level study manager grants or revokes that role.
 * Nobody changes their own roles: segregation of duties (ICH E6(R3) 3.6: access controlled and
 * documented by someone other than its holder).
 */

/** Where a grant applies: a study, optionally narrowed to a site (null study: organisation-wide). */
export interface GrantScope {
  studyId: string | null
  siteId: string | null
}

/** Roles given through staff administration; a patient's account comes with their enrollment. */
export const GRANTABLE_ROLES: readonly Role[] = [
  'INVESTIGATOR',
  'CRC',
  'DATA_MANAGER',
  'MONITOR',
  'SPONSOR',
  'STUDY_MANAGER',
  'UNBLINDED_PHARMACIST',
]

const managerGrants = (identity: Identity | null) =>
  (identity?.grants ?? []).filter((g) => g.role === 'STUDY_MANAGER' && g.siteId === null)

/** An organisation-level study manager: manages every study, and the study managers themselves. */
export function isOrganisationStudyManager(identity: Identity | null): boolean {
  return managerGrants(identity).some((g) => g.studyId === null)
}

/** Inviting staff accounts to work on a study (the account holds no role until one is granted). */
export function mayAdministerStaff(identity: Identity | null, studyId: string | null): boolean {
  return managerGrants(identity).some((g) => g.studyId === null || g.studyId === studyId)
}

/** Granting or revoking `role` in `scope` to or from the account `holderId`. */
export function mayChangeGrant(
  identity: Identity | null,
  change: { holderId: string; role: Role; scope: GrantScope },
): boolean {
  if (!identity || identity.userId === change.holderId) return false
  if (!GRANTABLE_ROLES.includes(change.role)) return false
  if (change.role === 'STUDY_MANAGER' || change.scope.studyId === null) return isOrganisationStudyManager(identity)
  return mayAdministerStaff(identity, change.scope.studyId)
}
