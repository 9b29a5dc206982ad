import type { PatientRecord } from '../patients'
import type { Random } from '../random'
import { clamp, dateValue, decimal, integer, type ValueGenerator } from './entryContext'

export interface DiseaseActivityProfile {
  tender: number
  swollen: number
  crp: number
  /** Null where the site does not run a local ESR. */
  esr: number | null
  patientGlobal: number
  /** Share of disease activity gone at full effect, and how fast it comes. */
  response: number
  onsetDays: number
}

// Relative improvement at full effect by blinded arm: active drug on methotrexate vs methotrexate alone.
const RESPONSE_BY_ARM: Readonly<Record<string, number>> = { A: 0.55, B: 0.25 }

export function drawDiseaseActivityProfile(patient: PatientRecord, rng: Random): DiseaseActivityProfile {
  // Moderately to severely active RA: at least 6 tender and 6 swollen joints at entry.
  const tender = rng.int(8, 22)
  return {
    tender,
    swollen: rng.int(6, Math.min(tender, 16)),
    crp: clamp(Math.exp(rng.normal(Math.log(14), 0.7)), 3, 90),
    esr: rng.chance(0.5) ? clamp(rng.normal(38, 14), 10, 90) : null,
    patientGlobal: rng.int(50, 88),
    response: (RESPONSE_BY_ARM[patient.row.arm ?? ''] ?? 0) * clamp(rng.normal(1, 0.4), 0, 1.7),
    onsetDays: rng.float(14, 35),
  }
}

export const diseaseActivity: ValueGenerator = ({ profile: { diseaseActivity: da }, day, studyDay, rng }) => {
  const improvement = da.response * (1 - Math.exp(-Math.max(0, studyDay) / da.onsetDays))
  const scaled = (value: number, noise: number, max: number) =>
    clamp(value * (1 - improvement) + rng.normal(0, noise), 0, max)
  const tender = Math.round(scaled(da.tender, 1.5, 28))
  return {
    'IG.DAS28': [
      {
        'I.DASDAT': dateValue(day),
        'I.TJC28': integer(tender),
        'I.SJC28': integer(Math.min(Math.round(scaled(da.swollen, 1.2, 28)), tender + 2)),
        // CRP and ESR stay below their soft maxima (100): no query on an efficacy lab value.
        'I.CRP': decimal(Math.max(0.3, scaled(da.crp, da.crp * 0.15, 95)), 1),
        'I.ESR': da.esr === null ? null : integer(Math.max(2, scaled(da.esr, 5, 95))),
        'I.PTGA': integer(scaled(da.patientGlobal, 8, 100)),
      },
    ],
  }
}
