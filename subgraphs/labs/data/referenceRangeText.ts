/**
 * The reference interval as a person reads it on a lab report: "12.0–17.5 g/dL", "< 10 mg/L"
 * (only an upper limit), "> 60 mL/min" (only a lower limit), "not established" (neither).
 * Both bounds are printed with the same number of decimals, the larger of the two, so that
 * "12–17.5" reads "12.0–17.5". An en dash separates the bounds so negative bounds stay readable
 * ("-2.0–3.0 mmol/L"). The UCUM unity "1" (dimensionless) is not printed.
 */
export function referenceRangeText(low: number | null, high: number | null, unit: string): string {
  const bounds = [low, high].filter((bound): bound is number => bound !== null)
  const decimals = Math.max(0, ...bounds.map(decimalsOf))
  const format = (bound: number) => bound.toFixed(decimals)
  const suffix = unit.trim() && unit.trim() !== '1' ? ` ${unit.trim()}` : ''
  if (low !== null && high !== null) return `${format(low)}–${format(high)}${suffix}`
  if (high !== null) return `< ${format(high)}${suffix}`
  if (low !== null) return `> ${format(low)}${suffix}`
  return 'not established'
}

/** Printing more decimals than this only shows floating-point noise. */
const MAX_DECIMALS = 6

/** Decimals in the shortest text of the number, also for exponent forms such as 1e-7. */
function decimalsOf(bound: number): number {
  const [mantissa = '', exponent = '0'] = String(Math.abs(bound)).split('e')
  const fraction = mantissa.split('.')[1]?.length ?? 0
  return Math.min(MAX_DECIMALS, Math.max(0, fraction - Number(exponent)))
}
