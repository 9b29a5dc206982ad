import { effectiveLock, type LockState } from './lockLevels'
import { type SignatureStatus } from './signatureDigest'

/**
 * The status a form instance shows, and its casebook's. Two kinds of fact make it:
 *
 * - progress, from the data: NOT_STARTED (no value), IN_PROGRESS (not yet marked complete by the
 *   site, or a required item still blank), COMPLETE (marked complete — the save that marks it
 *   refuses blank required items — and every required item has a value), VERIFIED (complete, and every item with a value
 *   verified against source; with risk-based SDV, ICH E6(R3), every critical item with a value);
 * - what has been done to it since: SIGNED (a valid signature covers it, 21 CFR 11.50/11.70), FROZEN,
 *   LOCKED (the effective lock of the form and every level above it).
 *
 * Precedence LOCKED > FROZEN > SIGNED > VERIFIED > COMPLETE > IN_PROGRESS > NOT_STARTED. The lock
 * states come first because they say what anyone may still do (a locked form takes nothing, a frozen
 * one only query work), which matters more to every reader than how far the data got. SIGNED comes
 * before VERIFIED because the investigator's attestation is the later, stronger statement about the
 * same data, and SDV progress has its own worklist. An invalidated signature shows no SIGNED: the
 * form shows its progress again, until it is signed anew.
 *
 * VERIFIED needs at least one item to verify: a complete form with no critical item under risk-based
 * SDV has nothing verified and shows COMPLETE, never a verification nobody made.
 */
export type FormStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'COMPLETE' | 'VERIFIED' | 'SIGNED' | 'FROZEN' | 'LOCKED'

type Progress = Extract<FormStatus, 'NOT_STARTED' | 'IN_PROGRESS' | 'COMPLETE' | 'VERIFIED'>

/** One item of a form instance (one per group row and item, blank required items included). */
export interface ItemFacts {
  hasValue: boolean
  required: boolean
  critical: boolean
  verified: boolean
}

export interface FormFacts {
  items: readonly ItemFacts[]
  /** The site marked the form complete (as in REDCap and Rave, completion is a decision, not a count). */
  markedComplete: boolean
  /** The status of the signature covering this form (its own, its visit's or its casebook's); null if unsigned. */
  signature: SignatureStatus | null
  /** The effective lock: most restrictive of the form, its visit, its casebook and the study. */
  lock: LockState
}

function progressOf(form: FormFacts, riskBasedSdv: boolean): Progress {
  if (!form.items.some((entry) => entry.hasValue)) return 'NOT_STARTED'
  if (!form.markedComplete || form.items.some((entry) => entry.required && !entry.hasValue)) return 'IN_PROGRESS'
  const toVerify = form.items.filter((entry) => entry.hasValue && (entry.critical || !riskBasedSdv))
  return toVerify.length > 0 && toVerify.every((entry) => entry.verified) ? 'VERIFIED' : 'COMPLETE'
}

function withOverlays(lock: LockState, signature: SignatureStatus | null, progress: Progress): FormStatus {
  if (lock !== 'NONE') return lock
  return signature === 'VALID' ? 'SIGNED' : progress
}

export function formStatus(form: FormFacts, riskBasedSdv: boolean): FormStatus {
  return withOverlays(form.lock, form.signature, progressOf(form, riskBasedSdv))
}

export interface CasebookFacts {
  /** Every form instance the patient's visits hold so far (expected but empty forms as NOT_STARTED ones). */
  forms: readonly FormFacts[]
  /** The patient-level signature (the investigator's casebook signature); null if unsigned. */
  signature: SignatureStatus | null
  /** The effective lock of the casebook and the study. */
  lock: LockState
}

/**
 * A casebook is as far as its least advanced form: NOT_STARTED while no form has data, IN_PROGRESS
 * while any form is not complete (an expected form not yet started included), VERIFIED only when
 * every form is. It is LOCKED (FROZEN) when locked (frozen) itself, or when every one of its forms is.
 * Only the casebook's own signature shows it SIGNED: signed visits do not make a signed casebook.
 */
export function casebookStatus(casebook: CasebookFacts, riskBasedSdv: boolean): FormStatus {
  const { forms } = casebook
  const allForms = (states: readonly LockState[]) => forms.length > 0 && forms.every((f) => states.includes(f.lock))
  const formsLock: LockState = allForms(['LOCKED']) ? 'LOCKED' : allForms(['FROZEN', 'LOCKED']) ? 'FROZEN' : 'NONE'
  const progresses = forms.map((form) => progressOf(form, riskBasedSdv))
  const progress: Progress = progresses.every((p) => p === 'NOT_STARTED')
    ? 'NOT_STARTED'
    : progresses.some((p) => p === 'NOT_STARTED' || p === 'IN_PROGRESS')
      ? 'IN_PROGRESS'
      : progresses.every((p) => p === 'VERIFIED')
        ? 'VERIFIED'
        : 'COMPLETE'
  return withOverlays(effectiveLock([casebook.lock, formsLock]), casebook.signature, progress)
}
