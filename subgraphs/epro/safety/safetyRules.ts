// Adverse-event safety rules for ePRO diary entries: which entries a CRC must be alerted to, and how
// urgently. Pure: no I/O and no clock; every date is a diary day (YYYY-MM-DD) passed in.
// Grades follow CTCAE v5.0 (1 mild, 2 moderate, 3 severe, 4 life-threatening, 5 death); pain is
// the patient's worst pain in the last 24 hours on the 0-10 numeric rating scale (NRS-11).
import type { SafetyThresholds } from '../data/safetyRuleSet'
import type { AlertSeverity, RuleHit, SafetyRule } from '../data/alertEventPayload'

// The thresholds (a study's stored rule set) and what a rule hit records (stored on alerts) belong
// to the data they are stored in: data/safetyRuleSet.ts, data/alertEventPayload.ts.

export interface DiaryEntryForRules {
  painScore: number
  symptoms: { term: string; grade: number }[]
  /** The diary day, YYYY-MM-DD. */
  entryDate: string
}

const GRADE_NAME: Readonly<Record<number, string>> = {
  1: 'mild',
  2: 'moderate',
  3: 'severe',
  4: 'life-threatening',
  5: 'death',
}

/**
 * Whether a diary day falls in the baseline window: the first t.baselineDays days of the diary,
 * the start date being day 1.
 */
export function isInBaselineWindow(diaryStartDate: string, entryDate: string, t: SafetyThresholds): boolean {
  return inWindow(dayNumber(diaryStartDate), entryDate, t)
}

function inWindow(startDay: number, entryDate: string, t: SafetyThresholds): boolean {
  const offset = dayNumber(entryDate) - startDay
  return offset >= 0 && offset < t.baselineDays
}

/**
 * The patient's usual pain: the mean pain score of the entries in the baseline window, to one
 * decimal. Null while fewer than t.minBaselineEntries such entries exist: a mean of one or two
 * days says too little about a patient's usual pain to measure a rise against.
 */
export function painBaseline(
  diaryStartDate: string,
  earlierEntries: DiaryEntryForRules[],
  t: SafetyThresholds,
): number | null {
  const startDay = dayNumber(diaryStartDate)
  const scores = earlierEntries.filter((e) => inWindow(startDay, e.entryDate, t)).map((e) => e.painScore)
  if (scores.length === 0 || scores.length < t.minBaselineEntries) return null
  return roundToTenth(scores.reduce((sum, score) => sum + score, 0) / scores.length)
}

/**
 * The baseline to pass to evaluateSafetyRules for this entry. Null for an entry inside the
 * baseline window (or dated before the diary started): the baseline is still forming from those
 * very days, so a rise over it would compare the patient with an incomplete picture of themself.
 */
export function baselineForRiseRule(
  diaryStartDate: string,
  entry: DiaryEntryForRules,
  earlierEntries: DiaryEntryForRules[],
  t: SafetyThresholds,
): number | null {
  if (dayNumber(entry.entryDate) - dayNumber(diaryStartDate) < t.baselineDays) return null
  return painBaseline(diaryStartDate, earlierEntries, t)
}

/**
 * The rules one diary entry breaks, in a fixed order (the order they are checked in): PAIN_SEVERE,
 * PAIN_RISE_OVER_BASELINE, then SERIOUS_SYMPTOM hits by CTCAE grade from highest, then by term.
 * Pass the baseline from baselineForRiseRule, so entries inside the baseline window are not
 * checked for a rise.
 */
export function evaluateSafetyRules(
  entry: DiaryEntryForRules,
  baseline: number | null,
  t: SafetyThresholds,
): RuleHit[] {
  const hits: RuleHit[] = []
  const pain = entry.painScore
  if (pain >= t.painAbsolute) {
    hits.push(
      painHit(
        'PAIN_SEVERE',
        pain,
        t.painAbsolute,
        `Severe pain: ${pain}/10 on the NRS-11 (the study alerts at ${t.painAbsolute} or more).`,
      ),
    )
  }
  if (baseline !== null) {
    // Rounded like the baseline, so 7 - 4.1 is a rise of 2.9, not 2.8999999999999995.
    const rise = roundToTenth(pain - baseline)
    // Always MODERATE: a rise that also reaches painAbsolute raises PAIN_SEVERE as well, and that
    // hit carries the higher severity; the rise itself says "worse than usual", not "severe".
    if (rise >= t.painRiseOverBaseline) {
      hits.push(
        painHit(
          'PAIN_RISE_OVER_BASELINE',
          rise,
          t.painRiseOverBaseline,
          `Pain rose to ${pain}/10, ${rise.toFixed(1)} points above the patient's baseline of ${baseline.toFixed(1)} (the study alerts at a rise of ${t.painRiseOverBaseline} or more).`,
        ),
      )
    }
  }
  const serious = entry.symptoms
    .filter((s) => s.grade >= t.seriousGrade)
    .sort((a, b) => b.grade - a.grade || compareText(a.term, b.term))
  for (const { term, grade } of serious) {
    hits.push({
      rule: 'SERIOUS_SYMPTOM',
      severity: severityOfGrade(grade),
      ctcaeTerm: term,
      ctcaeGrade: grade,
      observed: grade,
      threshold: t.seriousGrade,
      summary: `${term} grade ${grade} (${GRADE_NAME[grade] ?? 'ungraded'}) reported (the study alerts at CTCAE v5 grade ${t.seriousGrade} or more).`,
    })
  }
  return hits
}

/**
 * CTCAE v5 grade to alert severity: 3 severe, 4 life-threatening, 5 fatal. Grades 1-2 can only hit
 * when a study sets seriousGrade below 3; they map to the lowest alert severity, MODERATE.
 */
export function severityOfGrade(grade: number): AlertSeverity {
  if (grade >= 5) return 'FATAL'
  if (grade === 4) return 'LIFE_THREATENING'
  if (grade === 3) return 'SEVERE'
  return 'MODERATE'
}

const MAX_BASELINE_DAYS = 60

const THRESHOLD_LIMITS: readonly { key: keyof SafetyThresholds; label: string; min: number; max: number }[] = [
  { key: 'painAbsolute', label: 'Severe pain score (painAbsolute)', min: 1, max: 10 },
  { key: 'painRiseOverBaseline', label: 'Pain rise over baseline (painRiseOverBaseline)', min: 1, max: 10 },
  { key: 'seriousGrade', label: 'Serious CTCAE grade (seriousGrade)', min: 1, max: 5 },
  { key: 'baselineDays', label: 'Baseline days (baselineDays)', min: 1, max: MAX_BASELINE_DAYS },
]

/**
 * What is wrong with a study's thresholds, one sentence per problem; empty when they are usable.
 * Whole numbers only: NRS-11 scores and CTCAE grades are whole numbers, and the thresholds are
 * stored as integers (safety_rule_set).
 */
export function validateThresholds(t: SafetyThresholds): string[] {
  const problems = THRESHOLD_LIMITS.flatMap(({ key, label, min, max }) => outOfRange(label, t[key], min, max, ''))
  // A baseline cannot need more entries than its window has days (one entry per diary day).
  const daysUsable = outOfRange('', t.baselineDays, 1, MAX_BASELINE_DAYS, '').length === 0
  const maxEntries = daysUsable ? t.baselineDays : MAX_BASELINE_DAYS
  return [
    ...problems,
    ...outOfRange(
      'Minimum baseline entries (minBaselineEntries)',
      t.minBaselineEntries,
      1,
      maxEntries,
      daysUsable ? ' (the baseline days)' : '',
    ),
  ]
}

function outOfRange(label: string, value: number, min: number, max: number, maxNote: string): string[] {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return []
  return [`${label} must be a whole number from ${min} to ${max}${maxNote}; it is ${String(value)}.`]
}

function painHit(rule: SafetyRule, observed: number, threshold: number, summary: string): RuleHit {
  const severity: AlertSeverity = rule === 'PAIN_SEVERE' ? 'SEVERE' : 'MODERATE'
  return { rule, severity, ctcaeTerm: null, ctcaeGrade: null, observed, threshold, summary }
}

function roundToTenth(value: number): number {
  return Math.round(value * 10) / 10
}

/** Code-unit order, the same on every machine (localeCompare depends on the runtime's locale). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Days since 1970-01-01 of a YYYY-MM-DD diary day; throws on anything else (a caller bug, not patient data). */
function dayNumber(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate)
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [NaN, NaN, NaN]
  const utc = Date.UTC(year, month - 1, day)
  const date = new Date(utc)
  if (!match || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new RangeError(`Not a calendar date in YYYY-MM-DD form: "${isoDate}"`)
  }
  return utc / 86_400_000
}
