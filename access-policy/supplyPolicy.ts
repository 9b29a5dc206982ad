import type { Identity, Role } from '../contracts/identity'
import {
  holdsRoleAt,
  mayReadAggregates,
  mayReadSubject,
  SITE_STAFF,
  type SiteScope,
  type SubjectScope,
} from './accessPolicy'

/**
 * Who may do what with investigational product (the inventory context), from the caller's grants
 * alone. The treatment arm is the one secret here (ICH E6(R3) blinding): every blinded role sees
 * kits by number, status and expiry and stock as totals; only the unblinded pharmacist sees arms,
 * and an investigator sees one subject's arm after emergency-unblinding that subject. An export job
 * (EXPORT_READER) is blinded like the data manager whose job it is: it never reads an arm, and
 * handles, manages and unblinds nothing.
 */

const PHARMACIST: readonly Role[] = ['UNBLINDED_PHARMACIST']

/** Receiving shipments, dispensing, returns and quarantine at a site: its investigators, CRCs and pharmacists. */
export const mayHandleKitsAtSite = (identity: Identity | null, site: SiteScope) =>
  holdsRoleAt(identity, [...SITE_STAFF, ...PHARMACIST], site)

/**
 * Supply management: the unblinded pharmacist. Study-wide actions (depots, kit registration,
 * shipments) need a grant for the whole study; a site's (quarantine release, thresholds) a grant
 * covering the site.
 */
export function mayManageSupply(identity: Identity | null, scope: SiteScope | { studyId: string; siteId: null }) {
  if (scope.siteId === null)
    return !!identity?.grants.some(
      (g) => g.role === 'UNBLINDED_PHARMACIST' && g.studyId === scope.studyId && g.siteId === null,
    )
  return holdsRoleAt(identity, PHARMACIST, scope)
}

/** The depots (not a study's: shared by all): whoever manages some study's supply study-wide. */
export const mayReadDepots = (identity: Identity | null) =>
  !!identity?.grants.some((g) => g.role === 'UNBLINDED_PHARMACIST' && g.studyId !== null && g.siteId === null)

/**
 * A subject's treatment arm: an unblinded pharmacist covering the subject's site, or an
 * investigator of the site who emergency-unblinded *that* subject (`unblindedBy`: the users who did).
 */
export function mayReadTreatmentArm(identity: Identity | null, subject: SubjectScope, unblindedBy: readonly string[]) {
  if (holdsRoleAt(identity, PHARMACIST, subject)) return true
  return !!identity && unblindedBy.includes(identity.userId) && holdsRoleAt(identity, ['INVESTIGATOR'], subject)
}

/** Emergency unblinding (patient safety): an investigator of the subject's site. */
export const mayEmergencyUnblind = (identity: Identity | null, subject: SubjectScope) =>
  holdsRoleAt(identity, ['INVESTIGATOR'], subject)

/**
 * A subject's kits (numbers, status, expiry; never the arm): whoever reads the subject (export jobs
 * included: blinded patient-level data), and the site's pharmacists.
 */
export const mayReadSubjectKits = (identity: Identity | null, subject: SubjectScope) =>
  mayReadSubject(identity, subject) || holdsRoleAt(identity, PHARMACIST, subject)

/**
 * A site's stock as totals (no arm): an aggregate, so whoever reads the site's enrollment counts
 * (mayReadAggregates: its staff, the study's staff, sponsors, study managers including
 * organisation-level ones, export jobs), and its pharmacists. One rule for both keeps the dashboard's counts and
 * stock readable by the same people. Per-arm counts are mayManageSupply's.
 */
export const mayReadSiteStock = (identity: Identity | null, site: SiteScope) =>
  mayReadAggregates(identity, site) || holdsRoleAt(identity, PHARMACIST, site)
