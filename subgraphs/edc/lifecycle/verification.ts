/**
 * Source data verification (SDV): a monitor compares an item with the site's source documents and
 * marks it verified. The mark is about one value: when the value changes, the mark no longer applies
 * and the item needs verifying again (DOMAIN: "a later change to the item undoes the verification").
 * Risk-based monitoring (ICH E6(R3)) verifies critical items first.
 */
export interface VerificationAfterChange {
  verified: boolean
  /**
   * For the audit trail entry of the change (21 CFR 11.10(e): the record shows what happened to the
   * verification and why); null when the item was not verified, so nothing happened to it.
   */
  auditNote: string | null
}

/**
 * Whether an item stays verified after a save. Values are compared as stored text (normalised by the
 * edit checks), exactly: '5' and '5.0' differ, and a value and a blank differ. Saving the same value
 * again changes nothing and keeps the verification.
 */
export function verificationAfterChange(
  previousValue: string | null,
  newValue: string | null,
  verified: boolean,
): VerificationAfterChange {
  if (!verified) return { verified: false, auditNote: null }
  if (previousValue === newValue) {
    return { verified: true, auditNote: 'Value unchanged: source data verification kept.' }
  }
  return {
    verified: false,
    auditNote: 'Value changed after source data verification: verification cleared, the item needs verifying again.',
  }
}

export interface SdvCandidate {
  critical: boolean
  verified: boolean
  /** When the item's current value was entered, i.e. since when it has waited for verification. */
  unverifiedSince: Date
}

/**
 * A monitor's SDV worklist: the unverified items, critical ones first (ICH E6(R3) risk-based
 * monitoring), then the longest waiting first; items equal on both keep their input order.
 */
export function sdvWorklist<T extends SdvCandidate>(items: readonly T[]): T[] {
  return items
    .filter((entry) => !entry.verified)
    .sort(
      (a, b) => Number(b.critical) - Number(a.critical) || a.unverifiedSince.getTime() - b.unverifiedSince.getTime(),
    )
}
