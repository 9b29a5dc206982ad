import type { DayNumber } from '../calendar'
import type { Random } from '../random'
import { dateValue, decimal, partialDate, type ValueGenerator, type VisitContext } from './entryContext'
import { BACKGROUND_MEDICATIONS, CHRONIC_MEDICATIONS, NEW_MEDICATIONS, type Medication } from './medicationCatalog'

const NEW_MEDICATION_RATE = 0.15
/** How many long-term medications a patient takes besides any protocol background therapy: 0 to 5. */
const CHRONIC_COUNT_WEIGHTS = [20, 27, 23, 16, 9, 5].map((weight, count) => [count, weight] as const)

function medicationRow(
  medication: Medication,
  startDay: DayNumber,
  endDay: DayNumber | null,
  visitDay: DayNumber,
  rng: Random,
) {
  // Medications taken for over a year are often known to the month or the year only.
  const precision =
    visitDay - startDay > 365
      ? rng.weighted([
          ['day', 30],
          ['month', 45],
          ['year', 25],
        ] as const)
      : 'day'
  return {
    'I.CMTRT': medication.name,
    'I.CMDOSE': decimal(rng.pick(medication.doses), 2),
    'I.CMDOSU': medication.unit,
    'I.CMROUTE': medication.route,
    'I.CMINDC': medication.indication,
    'I.CMSTDAT': partialDate(startDay, precision),
    'I.CMENDAT': endDay === null ? null : dateValue(endDay),
    'I.CMONGO': endDay === null ? 'Y' : 'N',
  }
}

/** Baseline: everything taken in the 30 days before; some stopped in that window. */
function baselineRows({ patient, day, rng }: VisitContext) {
  const { indication } = patient.study.protocol
  const count = rng.weighted(CHRONIC_COUNT_WEIGHTS)
  const medications = [
    ...BACKGROUND_MEDICATIONS[indication],
    ...rng.shuffle(CHRONIC_MEDICATIONS[indication]).slice(0, count),
  ]
  return medications.map((medication) => {
    const startDay = day - rng.int(35, 9 * 365)
    const endDay = rng.chance(0.12) ? day - rng.int(1, 30) : null
    return medicationRow(medication, startDay, endDay, day, rng)
  })
}

/** Later visits: medications started since the previous visit, some already finished. */
function newRows({ day, previousDay, rng }: VisitContext) {
  if (!rng.chance(NEW_MEDICATION_RATE)) return []
  const startDay = rng.int(Math.min(previousDay + 1, day), day)
  const endDay = rng.chance(0.6) ? Math.min(day, startDay + rng.int(2, 10)) : null
  return [medicationRow(rng.pick(NEW_MEDICATIONS), startDay, endDay, day, rng)]
}

export const concomitantMedications: ValueGenerator = (visit) => {
  const rows = visit.studyDay <= 0 ? baselineRows(visit) : newRows(visit)
  return { 'IG.CMYN': [{ 'I.CMYN': rows.length > 0 ? 'Y' : 'N' }], 'IG.CM': rows }
}
