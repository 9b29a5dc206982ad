import type { Random } from '../random'
import { dateValue, integer, type ValueGenerator } from './entryContext'

interface Lesion {
  location: string
  baselineMm: number
}

export interface TumourProfile {
  /** Target lesions at Baseline; none for a patient without measurable disease (adjuvant setting). */
  lesions: readonly Lesion[]
  /** Size of each lesion at the end of participation relative to Baseline. */
  endRatio: number
  method: string
}

const LOCATIONS = ['LUNG', 'LIVER', 'LYMPH NODE', 'BREAST', 'PERITONEUM', 'ADRENAL GLAND', 'SOFT TISSUE'] as const
// Most CIPN patients were treated with curative intent and have no measurable disease left.
const MEASURABLE_SHARE = 0.35

export function drawTumourProfile(rng: Random): TumourProfile {
  const count = rng.chance(MEASURABLE_SHARE)
    ? rng.weighted([
        [1, 45],
        [2, 35],
        [3, 20],
      ] as const)
    : 0
  const locations = rng.shuffle(LOCATIONS).slice(0, count)
  const course = rng.weighted([
    ['SD', 65],
    ['PR', 14],
    ['PD', 16],
    ['CR', 5],
  ] as const)
  const endRatio = { SD: rng.float(0.85, 1.12), PR: rng.float(0.45, 0.68), PD: rng.float(1.28, 1.6), CR: 0 }[course]
  return {
    lesions: locations.map((location) => ({
      location,
      baselineMm: location === 'LYMPH NODE' ? rng.int(15, 35) : rng.int(11, 62),
    })),
    endRatio,
    method: rng.weighted([
      ['CT SCAN', 80],
      ['MRI', 12],
      ['PET-CT SCAN', 8],
    ] as const),
  }
}

/** RECIST 1.1 overall response from the sums of diameters (no new lesions are simulated). */
function overallResponse(baselineSum: number, sum: number): string {
  if (sum === 0) return 'CR'
  if (sum <= baselineSum * 0.7) return 'PR'
  if (sum >= baselineSum * 1.2 && sum - baselineSum >= 5) return 'PD'
  return 'SD'
}

/** Baseline imaging within the 28-day screening window; later imaging within a week of the visit. */
export const tumourAssessment: ValueGenerator = ({ profile: { tumour }, day, studyDay, rng }) => {
  const baseline = studyDay <= 0
  const ratio = baseline ? 1 : tumour.endRatio
  const sizes = tumour.lesions.map((lesion) =>
    ratio === 0 ? 0 : Math.max(5, Math.round(lesion.baselineMm * ratio * rng.float(0.95, 1.05))),
  )
  const baselineSum = tumour.lesions.reduce((sum, lesion) => sum + lesion.baselineMm, 0)
  const measurable = tumour.lesions.length > 0
  return {
    'IG.TA': [
      {
        'I.TADAT': dateValue(day - (baseline ? rng.int(0, 21) : rng.int(0, 6))),
        'I.TAMETH': tumour.method,
        'I.TAMEAS': measurable ? 'Y' : 'N',
        'I.TAOVRL':
          baseline || !measurable
            ? null
            : overallResponse(
                baselineSum,
                sizes.reduce((sum, size) => sum + size, 0),
              ),
      },
    ],
    'IG.TL': tumour.lesions.map((lesion, index) => ({
      'I.TLNUM': integer(index + 1),
      'I.TLLOC': lesion.location,
      'I.TLDIAM': integer(sizes[index]!),
    })),
  }
}
