import type { Grant, Identity } from '../contracts/identity'
import { appError } from '../contracts/errors/errorRegistry'
import { ErrorCodes } from '../contracts/errors/commonErrorCodes'
import { EXPORT_CREDENTIAL_ROLE, type EXPORTING_ROLES } from '../contracts/exportCredential'

/**
 * Who may export a study, and in which profile (the exports context asks; pure). An export covers
 * the whole study, so it takes a grant for the whole study: a data manager's may use any profile,
 * a sponsor's only the de-identified ones — sponsors are never shown a patient's identity
 * (accessPolicy.ts), and what leaves in their name must not show one either. The job then reads
 * the study with an EXPORT_READER credential (contracts/exportCredential.ts), which itself may
 * start, or see, no export: a leaked credential reaches no one's export files.
 */
export const EXPORT_PROFILES = ['identified', 'sponsor', 'regulator'] as const
export type ExportProfile = (typeof EXPORT_PROFILES)[number]
/**
 * The profiles whose output names no one: direct identifiers removed, subject keys pseudonymised
 * (the exports context's deidentify/profiles.ts).
 */
export const DEIDENTIFIED_PROFILES: readonly ExportProfile[] = ['sponsor', 'regulator']

/** The role an export of the study is started under. */
export type ExportingRole = (typeof EXPORTING_ROLES)[number]

/**
 * The role, among `grants`, that may export the study: a study-level data manager before a sponsor
 * (the data manager may use every profile); null when neither is held for the whole study. The
 * users context checks a person's live grants with it before it issues an export credential.
 */
export function exportingRoleIn(grants: readonly Grant[], studyId: string): ExportingRole | null {
  const holds = (role: ExportingRole) =>
    grants.some((g) => g.role === role && g.studyId === studyId && g.siteId === null)
  return holds('DATA_MANAGER') ? 'DATA_MANAGER' : holds('SPONSOR') ? 'SPONSOR' : null
}

/** Why an export may not start: each has its own message (exportForbidden), all are FORBIDDEN. */
export type ExportRefusal = 'no-exporting-role' | 'site-level-grant' | 'identified-profile'

export type ExportDecision = { allowed: true; role: ExportingRole } | { allowed: false; refusal: ExportRefusal }

export function mayStartExport(identity: Identity | null, studyId: string, profile: ExportProfile): ExportDecision {
  const grants = identity?.grants ?? []
  const role = exportingRoleIn(grants, studyId)
  if (!role) {
    const narrowed = grants.some((g) => g.role === 'DATA_MANAGER' && g.studyId === studyId && g.siteId !== null)
    return { allowed: false, refusal: narrowed ? 'site-level-grant' : 'no-exporting-role' }
  }
  if (role === 'SPONSOR' && !DEIDENTIFIED_PROFILES.includes(profile))
    return { allowed: false, refusal: 'identified-profile' }
  return { allowed: true, role }
}

const REFUSALS: Record<ExportRefusal, string> = {
  'no-exporting-role': "Only the study's data managers and sponsors export its data.",
  'site-level-grant':
    'An export covers the whole study: it takes a data manager role for the whole study, and yours is narrowed to a site.',
  'identified-profile': `A sponsor exports de-identified data only: use the ${DEIDENTIFIED_PROFILES.join(' or ')} profile.`,
}

/** The FORBIDDEN answer to a refused export, saying why. */
export const exportForbidden = (refusal: ExportRefusal) => appError(ErrorCodes.FORBIDDEN, REFUSALS[refusal])

/**
 * An export job (its status, its files): the person who started it, and the study's study-level
 * data managers (oversight of what left the study). Never with an export credential, its own job's
 * either.
 */
export function mayReadExportJob(identity: Identity | null, job: { studyId: string; requestedBy: string }): boolean {
  if (!identity || identity.grants.some((g) => g.role === EXPORT_CREDENTIAL_ROLE)) return false
  if (identity.userId === job.requestedBy) return true
  return overseesExports(identity, job.studyId)
}

/** A study-level data manager of the study: sees every export job of it (oversight of what left). */
export function overseesExports(identity: Identity | null, studyId: string): boolean {
  return !!identity?.grants.some((g) => g.role === 'DATA_MANAGER' && g.studyId === studyId && g.siteId === null)
}
