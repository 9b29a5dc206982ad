// A study's safety thresholds as stored (safety_rule_set), with what a study that has not set its
// own gets. The safety rules (safety/safetyRules.ts) apply them; the submission's read statement
// needs the baseline window to select the baseline entries in SQL.

export interface SafetyThresholds {
  /** Pain at or above this NRS-11 score is severe (default 8). */
  painAbsolute: number
  /** A rise of at least this many points over the patient's baseline (default 3). */
  painRiseOverBaseline: number
  /** A symptom at or above this CTCAE grade is serious (default 3). */
  seriousGrade: number
  /**
   * Diary days from activation whose entries make the baseline (default 7), needing at least
   * minBaselineEntries (default 3).
   */
  baselineDays: number
  minBaselineEntries: number
}

/** Used when a study has not set its own thresholds (a study changes them by protocol amendment). */
export const DEFAULT_THRESHOLDS: SafetyThresholds = Object.freeze({
  painAbsolute: 8,
  painRiseOverBaseline: 3,
  // CTCAE v5 grade 3: "severe or medically significant; hospitalization indicated".
  seriousGrade: 3,
  baselineDays: 7,
  minBaselineEntries: 3,
})
