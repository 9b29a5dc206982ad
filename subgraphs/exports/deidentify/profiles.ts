/**
 * De-identification profiles: applied while exporting, never to stored data. In the spirit of HIPAA
 * Safe Harbor (45 CFR 164.514(b)(2): names, contact details, record numbers and dates more precise
 * than a year removed; ages over 89 grouped) and the EMA's clinical-data publication guidance
 * (Policy 0070: keyed pseudonyms, date offsets, small cells suppressed).
 */
export type DatePolicy = 'exact' | 'shift' | 'year'

export interface Profile {
  name: ExportProfileName
  /** Direct identifiers removed and subject keys pseudonymised. */
  deidentified: boolean
  /** Dates as stored, shifted by a per-subject offset (intervals kept), or reduced to the year. */
  dates: DatePolicy
  /** Audit records: as stored, or with people pseudonymised and reasons (free text) dropped, or none. */
  audit: 'full' | 'pseudonymous' | 'none'
  /** Fewer subjects than this at a site and the site is pooled with the other small ones. */
  minimumCellSize: number
}

export const PROFILES = {
  // Data managers: the data as it is (the export itself is audited).
  identified: { name: 'identified', deidentified: false, dates: 'exact', audit: 'full', minimumCellSize: 0 },
  // A sponsor's statisticians: intervals between events matter, so dates move by a per-subject offset.
  sponsor: { name: 'sponsor', deidentified: true, dates: 'shift', audit: 'pseudonymous', minimumCellSize: 5 },
  // A regulator's public disclosure package: years only; audit records need an instant, so none.
  regulator: { name: 'regulator', deidentified: true, dates: 'year', audit: 'none', minimumCellSize: 5 },
} as const satisfies Record<string, Omit<Profile, 'name'> & { name: string }>

export type ExportProfileName = keyof typeof PROFILES
export const PROFILE_NAMES = Object.keys(PROFILES) as ExportProfileName[]

export const isProfileName = (name: string): name is ExportProfileName => Object.hasOwn(PROFILES, name)

/** Ages above this are reported as a group (Safe Harbor: "90 or older"). */
export const OLDEST_REPORTED_AGE = 89
