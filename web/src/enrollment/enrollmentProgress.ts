import type { CriterionKind, EnrollmentState, EnrollmentStatus } from '../generated/operations'

/** The saga has finished: enrolled, or failed with everything it held released. */
export const isSettled = (state: EnrollmentState | null | undefined) => state === 'ENROLLED' || state === 'FAILED'

/** Site staff may start an attempt: a subject in screening, or after a failed attempt. */
export const mayEnroll = (status: EnrollmentStatus) => status === 'SCREENING' || status === 'ENROLLMENT_FAILED'

export interface Criterion {
  code: string
  kind: CriterionKind
  text: string
}

/**
 * The answers that make a subject ineligible: an inclusion criterion not met, an exclusion
 * criterion present. The server decides (SCREEN_FAILED); this says which, in the protocol's words.
 */
export function ineligibleBecause(criteria: readonly Criterion[], met: Readonly<Record<string, boolean>>): string[] {
  return criteria
    .filter((c) => (c.kind === 'INCLUSION' ? met[c.code] === false : met[c.code] === true))
    .map((c) => `${c.code}: ${c.kind === 'INCLUSION' ? 'not met' : 'present'} — ${c.text}`)
}

/** What each participant's step means to the site, in words. */
export const STEP_NAMES = {
  ENROLLMENT_SLOT: 'A place at the site (within its cap and the study target)',
  KIT_ALLOCATION: 'Randomisation and a drug kit at the site',
} as const
