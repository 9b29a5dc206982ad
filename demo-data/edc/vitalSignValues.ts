import type { PatientRecord } from '../patients'
import type { Random } from '../random'
import { clamp, dateValue, decimal, integer, type ValueGenerator } from './entryContext'

export interface VitalSignProfile {
  heightCm: number
  /** Weight at screening, and its relative change per week (oncology patients may lose weight). */
  weightKg: number
  weightChangePerWeek: number
  systolic: number
  diastolic: number
  pulse: number
  temperature: number
}

/** Per blood pressure, pulse or temperature value: the chance it falls just outside its soft range. */
const OUT_OF_SOFT_RANGE_RATE = 0.03
const WASTING_SHARE = { CIPN: 0.05, RA: 0.01 } as const

export function drawVitalSignProfile(patient: PatientRecord, rng: Random): VitalSignProfile {
  const female = patient.row.sex === 'FEMALE' || (patient.row.sex !== 'MALE' && rng.chance(0.5))
  const heightCm = Math.round(clamp(rng.normal(female ? 163 : 176, 6.5), 146, 196))
  const bmi = clamp(rng.normal(27, 4.5), 18.5, 40)
  const wasting = rng.chance(WASTING_SHARE[patient.study.protocol.indication])
  const systolic = clamp(rng.normal(127, 10), 106, 148)
  return {
    heightCm,
    weightKg: clamp(bmi * (heightCm / 100) ** 2, 44, 140),
    weightChangePerWeek: wasting ? rng.float(-0.011, -0.006) : rng.normal(0, 0.0012),
    systolic,
    diastolic: clamp(rng.normal(systolic * 0.6, 5), 64, 92),
    pulse: clamp(rng.normal(74, 8), 58, 92),
    temperature: clamp(rng.normal(36.7, 0.2), 36.1, 37.2),
  }
}

/** A value near the set point, kept inside the soft range, or now and then just outside it. */
function vital(
  rng: Random,
  mean: number,
  sd: number,
  soft: [number, number],
  outside: [number, number, number, number],
) {
  if (rng.chance(OUT_OF_SOFT_RANGE_RATE))
    return rng.chance(0.6) ? rng.float(outside[2], outside[3]) : rng.float(outside[0], outside[1])
  return clamp(rng.normal(mean, sd), soft[0], soft[1])
}

export const vitalSigns: ValueGenerator = ({ profile: { vitals }, day, studyDay, rng }) => {
  const systolic = Math.round(vital(rng, vitals.systolic, 7, [92, 158], [80, 89, 161, 178]))
  // Pulse pressure of at least 20 mm Hg: diastolic stays below systolic (VS.DIABP_LT_SYSBP).
  const diastolic = Math.min(Math.round(vital(rng, vitals.diastolic, 5, [62, 98], [50, 59, 101, 112])), systolic - 20)
  const weeks = (studyDay + 14) / 7
  const weight = clamp(vitals.weightKg * (1 + vitals.weightChangePerWeek * weeks) + rng.normal(0, 0.4), 40, 150)
  return {
    'IG.VS': [
      {
        'I.VSDAT': dateValue(day),
        'I.VSPOS': rng.chance(0.96) ? 'SITTING' : 'SUPINE',
        'I.SYSBP': integer(systolic),
        'I.DIABP': integer(diastolic),
        'I.PULSE': integer(vital(rng, vitals.pulse, 6, [52, 98], [42, 49, 101, 118])),
        'I.TEMP': decimal(vital(rng, vitals.temperature, 0.25, [35.8, 37.7], [35.0, 35.4, 38.1, 38.9]), 1),
        'I.WEIGHT': decimal(weight, 1),
      },
    ],
  }
}
