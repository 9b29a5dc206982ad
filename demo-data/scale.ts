import { dayNumberOf, type DayNumber } from './calendar'

export interface DemoScale {
  studies: 2
  /** Sites per study, in study order (oncology first). */
  sitesPerStudy: number[]
  /**
   * Staff accounts; on top of these, the trial-operations staff (a study manager, and an unblinded
   * pharmacist per oncology site) and one patient account per site.
   */
  staffUsers: number
  patients: number
  eproEntries: number
  labResults: number
}

export const DEFAULT_SCALE: Readonly<DemoScale> = Object.freeze({
  studies: 2,
  sitesPerStudy: [4, 2],
  staffUsers: 40,
  patients: 600,
  eproEntries: 20_000,
  labResults: 8_000,
})

export interface DemoOptions {
  /** "Today" of the dataset; nothing is dated after it except future scheduled visits. */
  anchorDate?: Date
  scale?: Partial<DemoScale>
  seed?: number
}

export const DEFAULT_ANCHOR_DATE = '2026-11-15T00:00:00Z'
export const DEFAULT_SEED = 3017

export interface GenerationContext {
  /** The anchor instant: the upper bound for every timestamp. */
  anchor: Date
  /** The anchor's UTC calendar day. Day-based data stops the day before, so its times stay <= anchor. */
  today: DayNumber
  scale: DemoScale
  seed: number
}

export function resolveOptions(options: DemoOptions = {}): GenerationContext {
  const anchor = new Date(options.anchorDate ?? DEFAULT_ANCHOR_DATE)
  if (Number.isNaN(anchor.getTime())) throw new RangeError('anchorDate is not a valid date')
  const seed = options.seed ?? DEFAULT_SEED
  if (!Number.isFinite(seed)) throw new RangeError('seed must be a finite number')
  const scale: DemoScale = {
    ...DEFAULT_SCALE,
    ...options.scale,
    sitesPerStudy: [...(options.scale?.sitesPerStudy ?? DEFAULT_SCALE.sitesPerStudy)],
  }
  if (scale.studies !== 2 || scale.sitesPerStudy.length !== 2)
    throw new RangeError('The demo dataset has exactly 2 studies')
  for (const name of ['staffUsers', 'patients', 'eproEntries', 'labResults'] as const) {
    if (!Number.isInteger(scale[name]) || scale[name] < 0)
      throw new RangeError(`scale.${name} must be a non-negative integer`)
  }
  if (scale.sitesPerStudy.some((n) => !Number.isInteger(n) || n < 1))
    throw new RangeError('Every study needs at least one site')
  const siteCount = scale.sitesPerStudy.reduce((sum, n) => sum + n, 0)
  // Each site's patient account needs an enrolled patient at that site.
  if (scale.patients < siteCount)
    throw new RangeError(`scale.patients must be at least the number of sites (${siteCount})`)
  return { anchor, today: dayNumberOf(anchor), scale, seed }
}
