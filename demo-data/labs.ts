import { MINUTE_MS, dayNumberOf, instantOnDay, type DayNumber } from './calendar'
import { isRandomised } from './enrollmentPlan'
import { drawSetPoints, simulateLabValue, type LabPhase } from './labValues'
import { abnormalFlagFor, referenceRangeFor } from './labInterpretation'
import { LAB_PANELS, type LabTest } from './loincPanel'
import type { PatientRecord } from './patients'
import { randomFor } from './random'
import type { LabResultRow, VisitRow } from './rowTypes'
import type { GenerationContext } from './scale'
import { stableUuid } from './stableId'

interface Draw {
  patient: PatientRecord
  visit: VisitRow
  day: DayNumber
  phase: LabPhase
  tests: readonly LabTest[]
  /** Lower is kept first when the scale's result budget cannot cover every visit. */
  priority: number
}

// Visits whose labs matter most: the Week 4 safety check, the Week 12 primary endpoint, and exit.
const KEY_VISITS = new Set(['Week 4', 'Week 12'])

function drawPriority(patient: PatientRecord, visit: VisitRow): number {
  if (visit.visitType === 'SCREENING') return isRandomised(patient.row.enrollmentStatus) ? 0 : 2
  if (KEY_VISITS.has(visit.name) || visit.visitType === 'FOLLOW_UP' || visit.visitType === 'END_OF_STUDY') return 1
  return visit.visitType === 'TREATMENT' ? 3 : 4
}

/**
 * Exactly `scale.labResults` results, drawn in the morning of completed visits. Draws are kept in
 * priority order (screening labs of randomised patients, key on-study visits, screen failures,
 * other visits, baseline), at random within a priority, so a small budget still gives every
 * randomised patient a screening panel; the last draw kept may be partial. Times are UTC.
 */
export function buildLabResults(patients: readonly PatientRecord[], context: GenerationContext): LabResultRow[] {
  const candidates: Draw[] = patients.flatMap((patient) => {
    const panels = LAB_PANELS[patient.study.protocol.indication]
    return patient.visits
      .filter((visit) => visit.status === 'COMPLETED' && visit.actualDate !== null)
      .map((visit) => {
        const phase: LabPhase = visit.visitType === 'SCREENING' ? 'screening' : 'onStudy'
        const tests = phase === 'screening' ? panels.screening : panels.onStudy
        return {
          patient,
          visit,
          day: dayNumberOf(visit.actualDate!),
          phase,
          tests,
          priority: drawPriority(patient, visit),
        }
      })
  })
  const capacity = candidates.reduce((sum, d) => sum + d.tests.length, 0)
  if (context.scale.labResults > capacity) {
    throw new RangeError(
      `scale.labResults (${context.scale.labResults}) exceeds the ${capacity} results this scale's completed visits can hold`,
    )
  }
  const rng = randomFor(context.seed, 'lab-selection')
  const ranked = candidates
    .map((draw) => ({ draw, tieBreak: rng.next() }))
    .sort((a, b) => a.draw.priority - b.draw.priority || a.tieBreak - b.tieBreak)
  let budget = context.scale.labResults
  const kept: Draw[] = []
  for (const { draw } of ranked) {
    if (budget <= 0) break
    kept.push(draw.tests.length <= budget ? draw : { ...draw, tests: draw.tests.slice(0, budget) })
    budget -= Math.min(draw.tests.length, budget)
  }

  const timed = kept.map((draw) => {
    const drawRng = randomFor(context.seed, 'lab-draw', draw.patient.row.subjectNumber, draw.visit.visitNumber)
    const collectedAt = instantOnDay(draw.day, drawRng.int(7 * 60 + 30, 11 * 60 + 30) + drawRng.next())
    return {
      draw,
      drawRng,
      collectedAt,
      resultedAt: new Date(collectedAt.getTime() + drawRng.int(90, 8 * 60) * MINUTE_MS),
    }
  })
  // Accession numbers are issued as samples reach the lab.
  timed.sort(
    (a, b) =>
      a.collectedAt.getTime() - b.collectedAt.getTime() ||
      a.draw.patient.row.subjectNumber.localeCompare(b.draw.patient.row.subjectNumber),
  )
  const firstAccession = randomFor(context.seed, 'accession').int(100_000, 400_000)
  const setPoints = new Map<PatientRecord, ReturnType<typeof drawSetPoints>>()

  return timed.flatMap(({ draw, drawRng, collectedAt, resultedAt }, index) => {
    const { patient } = draw
    const accessionNumber = `ACC-${String(firstAccession + index).padStart(6, '0')}`
    if (!setPoints.has(patient))
      setPoints.set(patient, drawSetPoints(randomFor(context.seed, 'lab-set-points', patient.row.subjectNumber)))
    return draw.tests.map((labTest): LabResultRow => {
      const range = referenceRangeFor(labTest, patient.row.sex)
      const { arm, sex } = patient.row
      const setPoint = setPoints.get(patient)!.get(labTest)!
      const value = simulateLabValue(
        labTest,
        { indication: patient.study.protocol.indication, phase: draw.phase, arm, sex, setPoint },
        drawRng,
      )
      return {
        id: stableUuid('lab-result', `${accessionNumber}/${labTest.loincCode}`),
        patientId: patient.row.id,
        accessionNumber,
        loincCode: labTest.loincCode,
        testName: labTest.testName,
        value,
        valueText: null,
        unit: labTest.unit,
        referenceLow: range.low,
        referenceHigh: range.high,
        abnormalFlag: abnormalFlagFor(value, range, labTest),
        collectedAt,
        resultedAt,
      }
    })
  })
}
