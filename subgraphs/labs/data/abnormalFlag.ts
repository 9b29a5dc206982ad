import type { AbnormalFlag } from '../generated/prisma/enums'

/**
 * The HL7 v2 table 0078 interpretation of a numeric result against its reference interval:
 *
 * 1. Critical limits known for the analyte (CRITICAL_LIMITS, same LOINC code and UCUM unit):
 *    strictly below the low limit → LL, strictly above the high limit → HH.
 * 2. Otherwise, with both reference bounds: a result beyond the interval by at least half the
 *    interval's width (GENERIC_CRITICAL_MARGIN) is critical → LL / HH. A one-sided interval
 *    ("< 10 mg/L") has no width, so it never yields a generic critical flag.
 * 3. Below the low bound → L, above the high bound → H; the bounds themselves are normal → N.
 *
 * The stored flag is the laboratory's; this rule describes and checks data (demo data, fixtures),
 * it never overrides what the lab reported.
 */
export interface CriticalLimits {
  loincCode: string
  analyte: string
  /** UCUM unit the limits are expressed in; a result in another unit is not compared. */
  unit: string
  low: number
  high: number
}

// Typical hospital critical-value ("panic value") limits for adults, as used on common
// critical-result call lists (cf. CLSI GP47, CAP Q-Probes critical value surveys).
export const CRITICAL_LIMITS: readonly CriticalLimits[] = [
  { loincCode: '2823-3', analyte: 'Potassium [Moles/volume] in Serum or Plasma', unit: 'mmol/L', low: 2.8, high: 6.2 },
  { loincCode: '2951-2', analyte: 'Sodium [Moles/volume] in Serum or Plasma', unit: 'mmol/L', low: 120, high: 160 },
  { loincCode: '718-7', analyte: 'Hemoglobin [Mass/volume] in Blood', unit: 'g/dL', low: 7, high: 20 },
  { loincCode: '2345-7', analyte: 'Glucose [Mass/volume] in Serum or Plasma', unit: 'mg/dL', low: 40, high: 450 },
]

/** Beyond the reference interval by this fraction of its width or more: critical. */
export const GENERIC_CRITICAL_MARGIN = 0.5

export interface Analyte {
  loincCode: string
  unit: string
}

export function criticalLimitsFor(analyte: Analyte): CriticalLimits | undefined {
  return CRITICAL_LIMITS.find((limits) => limits.loincCode === analyte.loincCode && limits.unit === analyte.unit)
}

export function abnormalFlagFor(
  value: number,
  low: number | null,
  high: number | null,
  analyte?: Analyte,
): AbnormalFlag {
  if (!Number.isFinite(value)) throw new RangeError(`A lab value must be a finite number, got ${value}.`)
  const critical = analyte ? criticalLimitsFor(analyte) : undefined
  if (critical) {
    if (value < critical.low) return 'LL'
    if (value > critical.high) return 'HH'
  } else if (low !== null && high !== null && high > low) {
    const margin = GENERIC_CRITICAL_MARGIN * (high - low)
    if (value <= low - margin) return 'LL'
    if (value >= high + margin) return 'HH'
  }
  if (low !== null && value < low) return 'L'
  if (high !== null && value > high) return 'H'
  return 'N'
}
