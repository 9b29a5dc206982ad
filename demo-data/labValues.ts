import { LAB_TESTS as T, LAB_TEST_LIST, type LabTest } from './loincPanel'
import type { Random } from './random'
import type { Sex } from './rowTypes'
import type { Indication } from './studyProtocols'

export type LabPhase = 'screening' | 'onStudy'

/** Multipliers on the healthy centre value, by indication, phase and (on study) blinded arm. */
type Shift = { screening?: number; onStudy?: number; onStudyArm?: Readonly<Record<string, number>> }

// Keyed by LOINC code.
const INDICATION_SHIFTS: Readonly<Record<Indication, Readonly<Record<string, Shift>>>> = {
  // After chemotherapy: mild anaemia and marrow suppression, low-grade inflammation.
  CIPN: {
    [T.hemoglobin.loincCode]: { screening: 0.96, onStudy: 0.95 },
    [T.leukocytes.loincCode]: { screening: 0.92, onStudy: 0.9 },
    [T.platelets.loincCode]: { screening: 0.95, onStudy: 0.93 },
    [T.crp.loincCode]: { screening: 2.2 },
    [T.alt.loincCode]: { screening: 1.08, onStudy: 1.12 },
  },
  // Active RA: raised acute-phase markers that fall on effective treatment; anaemia of chronic
  // disease, reactive thrombocytosis; transaminases creep up on background methotrexate.
  RA: {
    [T.crp.loincCode]: { screening: 7, onStudyArm: { A: 2.6, B: 5 } },
    [T.esr.loincCode]: { screening: 2.3, onStudyArm: { A: 1.5, B: 2 } },
    [T.hemoglobin.loincCode]: { screening: 0.97, onStudy: 0.97 },
    [T.platelets.loincCode]: { screening: 1.1, onStudy: 1.06 },
    [T.alt.loincCode]: { screening: 1.1, onStudy: 1.2 },
    [T.ast.loincCode]: { onStudy: 1.08 },
  },
}

// About 56 % of the spread is the patient's own set point (0.75^2 against 0.66^2 of draw-to-draw
// noise), so one person's repeat draws resemble each other while the population spread holds.
const SET_POINT_WEIGHT = 0.75
const NOISE_WEIGHT = 0.66
// Tuned with the shifts above for roughly 10-15 % abnormal results overall.
const OUTLIER_RATE = 0.04

/** A patient's standardised set point per test, drawn once so repeated draws look like one person. */
export function drawSetPoints(rng: Random): Map<LabTest, number> {
  return new Map(LAB_TEST_LIST.map((t) => [t, rng.normal()]))
}

/**
 * One result, rounded as the lab reports it: the healthy distribution shifted for the indication,
 * phase and arm, centred on the patient's set point, with occasional outliers in the direction
 * the analyte usually goes wrong.
 */
export function simulateLabValue(
  labTest: LabTest,
  context: { indication: Indication; phase: LabPhase; arm: string | null; sex: Sex; setPoint: number },
  rng: Random,
): number {
  const { model } = labTest
  const sexCenter = context.sex === 'FEMALE' || context.sex === 'MALE' ? model[context.sex] : undefined
  const shift = INDICATION_SHIFTS[context.indication][labTest.loincCode]
  const factor =
    context.phase === 'screening'
      ? (shift?.screening ?? 1)
      : (shift?.onStudyArm?.[context.arm ?? ''] ?? shift?.onStudy ?? 1)
  let z = SET_POINT_WEIGHT * context.setPoint + NOISE_WEIGHT * rng.normal()
  if (rng.chance(OUTLIER_RATE)) {
    const direction = labTest.outlier === 'both' ? (rng.chance(0.5) ? 1 : -1) : labTest.outlier === 'high' ? 1 : -1
    z += direction * rng.float(2.5, 5)
  }
  const center = (sexCenter ?? model.center) * factor
  const raw = model.shape === 'normal' ? center + model.spread * z : center * Math.exp(model.spread * z)
  const scale = 10 ** labTest.decimals
  // A count or concentration cannot be negative; the smallest reportable value stands in for "below".
  return Math.max(Math.round(raw * scale) / scale, 1 / scale)
}
