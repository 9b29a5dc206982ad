import type { Identity } from '../contracts/identity'

/**
 * Who may set up studies (pure). A study manager holds the role for one study, or for none: an
 * organisation-level study manager (the CRO's), who may also create new studies. Neither kind
 * reads patients; what they see of a running study is aggregates (accessPolicy.ts).
 */

/** A new study: organisation-level study managers only (nobody holds a role in a study not yet made). */
export function mayCreateStudy(identity: Identity | null): boolean {
  return !!identity?.grants.some((g) => g.role === 'STUDY_MANAGER' && g.studyId === null)
}

/** A study's status, sites and enrollment caps: its study managers, or organisation-level ones. */
export function mayManageStudy(identity: Identity | null, studyId: string): boolean {
  return !!identity?.grants.some((g) => g.role === 'STUDY_MANAGER' && (g.studyId === null || g.studyId === studyId))
}
