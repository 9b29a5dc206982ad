import type { Severity } from '../definitions/formDefinition'

/** What an edit check found wrong (or odd) with one value. */
export type FindingKind =
  | 'TYPE'
  | 'REQUIRED'
  | 'RANGE'
  | 'FUTURE_DATE'
  | 'CODELIST'
  | 'LENGTH'
  | 'COMPARE'
  | 'CHANGE_FROM_BASELINE'
  | 'UNKNOWN_ITEM'

/**
 * One finding of the edit checks. HARD findings refuse the save (the value is impossible); SOFT
 * findings let it through and open a failed-check query, which the site answers or corrects.
 *
 * `checkId` is stable across runs so a query opened for a finding can be matched to the same finding
 * on the next save (and closed when it is gone): `<ITEMOID>.<KIND>` for the checks an ItemDef states,
 * the rule's `id` for the form's COMPARE / CHANGE_FROM_BASELINE rules.
 * A hard and a soft range share `<ITEMOID>.RANGE`: they are one check with two thresholds, and a
 * value that is saved (so can carry a query) is never outside the hard one.
 */
export interface CheckFinding {
  checkId: string
  kind: FindingKind
  severity: Severity
  group: string
  /** 1-based; 1 in a non-repeating group. */
  row: number
  /** '' when the finding is about a whole row or group (a row or group the form does not have). */
  item: string
  message: string
}

/** Where a finding sits. */
export interface Place {
  group: string
  row: number
  item: string
}

/** A finding of a check the ItemDef itself states (type, required, range …), id `<ITEMOID>.<KIND>`. */
export function itemFinding(place: Place, kind: FindingKind, severity: Severity, message: string): CheckFinding {
  return { checkId: `${place.item}.${kind}`, kind, severity, ...place, message }
}
