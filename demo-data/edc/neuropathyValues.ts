import type { PatientRecord } from '../patients'
import type { Random } from '../random'
import { clamp, dateValue, integer, type ValueGenerator } from './entryContext'

export interface NeuropathyProfile {
  baselinePain: number
  /** NRS points of relief at full effect (the blinded arm's effect times the patient's response). */
  fullEffect: number
  onsetDays: number
  /** TNSc items at Baseline, in the form's order. */
  tns: readonly number[]
}

// Arm A carries the active drug's effect, arm B the placebo response (as in painModel.ts).
const EFFECT_BY_ARM: Readonly<Record<string, number>> = { A: 2.1, B: 1.0 }
const TNS_ITEMS = ['I.TNSSENS', 'I.TNSMOT', 'I.TNSAUT', 'I.TNSPIN', 'I.TNSVIB', 'I.TNSSTR', 'I.TNSREF'] as const
// Baseline TNSc item ranges of painful CIPN: sensory signs and symptoms dominate, strength is spared.
const TNS_BASELINE: readonly (readonly [number, number])[] = [
  [2, 3],
  [0, 2],
  [0, 2],
  [1, 3],
  [1, 3],
  [0, 1],
  [1, 3],
]

export function drawNeuropathyProfile(patient: PatientRecord, rng: Random): NeuropathyProfile {
  const responsiveness = clamp(rng.normal(1, 0.45), -0.3, 2)
  return {
    // Painful-CIPN trials require an average pain of at least 4 to enter.
    baselinePain: clamp(rng.normal(6, 1.1), 4, 9),
    fullEffect: (EFFECT_BY_ARM[patient.row.arm ?? ''] ?? 0) * responsiveness,
    onsetDays: rng.float(10, 28),
    tns: TNS_BASELINE.map(([min, max]) => rng.int(min, max)),
  }
}

function effectOn(neuropathy: NeuropathyProfile, studyDay: number): number {
  return neuropathy.fullEffect * (1 - Math.exp(-Math.max(0, studyDay) / neuropathy.onsetDays))
}

export const neuropathyAssessment: ValueGenerator = ({ profile: { neuropathy }, day, studyDay, rng }) => {
  const pain = clamp(Math.round(neuropathy.baselinePain - effectOn(neuropathy, studyDay) + rng.normal(0, 0.8)), 0, 10)
  return { 'IG.NEURO': [{ 'I.NADAT': dateValue(day), 'I.PAINAVG': integer(pain) }] }
}

export const totalNeuropathyScore: ValueGenerator = ({ profile: { neuropathy }, day, studyDay, rng }) => {
  const effect = effectOn(neuropathy, studyDay)
  // Signs change slowly: relief shows in sensory symptoms first, the rest moves a point now and then.
  const tns = neuropathy.tns.map((score, index) => {
    const relief = index === 0 && effect > 1.5 && rng.chance(0.5) ? 1 : 0
    const wobble = rng.chance(0.12) ? rng.pick([-1, 1]) : 0
    return clamp(score - relief + wobble, 0, 4)
  })
  return {
    'IG.TNSC': [
      { 'I.TNSDAT': dateValue(day), ...Object.fromEntries(TNS_ITEMS.map((oid, index) => [oid, integer(tns[index]!)])) },
    ],
  }
}
