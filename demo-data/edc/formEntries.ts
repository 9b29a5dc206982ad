import { MINUTE_MS, dateOfDay, dayNumberOf, type DayNumber } from '../calendar'
import type { PatientRecord } from '../patients'
import { randomFor, type Random } from '../random'
import type { GenerationContext } from '../scale'
import type { StaffDirectory } from '../staff'
import { stableUuid } from '../stableId'
import { adverseEvents } from './adverseEventValues'
import { concomitantMedications } from './concomitantMedicationValues'
import { demographics } from './demographicsValues'
import { diseaseActivity } from './diseaseActivityValues'
import type { ValueGenerator, VisitContext } from './entryContext'
import { EVENT_DEFS } from './eventDefs'
import { FORM_LIBRARY } from './formLibrary'
import { neuropathyAssessment, totalNeuropathyScore } from './neuropathyValues'
import type { FormValues } from './odmTypes'
import { drawPatientProfile } from './patientProfile'
import { tumourAssessment } from './tumourValues'
import { vitalSigns } from './vitalSignValues'

/** One form of one visit as the site entered it, on version 1 of its definition. */
export interface FormEntryRow {
  id: string
  visitId: string
  patientId: string
  studyId: string
  siteId: string
  formOid: string
  definitionVersion: 1
  /** False while the site is still entering it: some values are still blank. */
  complete: boolean
  values: FormValues
  /** A CRC of the patient's site; null where the site has none yet. */
  enteredByUserId: string | null
  /** ISO 8601 UTC, on the day of the visit. */
  enteredAt: string
}

const GENERATORS: Readonly<Record<string, ValueGenerator>> = {
  'F.DM': demographics,
  'F.VS': vitalSigns,
  'F.CM': concomitantMedications,
  'F.AE': adverseEvents,
  'F.NEURO': neuropathyAssessment,
  'F.TNS': totalNeuropathyScore,
  'F.TA': tumourAssessment,
  'F.DAS28': diseaseActivity,
}

const REPEATING_GROUPS: ReadonlySet<string> = new Set(
  Object.values(FORM_LIBRARY).flatMap((forms) =>
    forms.flatMap((form) => form.itemGroups.filter((group) => group.repeating).map((group) => group.oid)),
  ),
)

// Sites enter most visits on the day; the last two weeks are still catching up.
const RECENT_DAYS = 14
const NOT_ENTERED_RATE = { recent: 0.3, older: 0.09 }
const IN_PROGRESS_RATE = { recent: 0.3, older: 0.02 }

/** Entered data for most completed visits of every patient, per (visit, form) of the visit's type. */
export function buildFormEntries(
  patients: readonly PatientRecord[],
  staff: StaffDirectory,
  context: GenerationContext,
): FormEntryRow[] {
  return patients.flatMap((patient) => patientEntries(patient, staff, context))
}

function patientEntries(patient: PatientRecord, staff: StaffDirectory, context: GenerationContext): FormEntryRow[] {
  const { subjectNumber } = patient.row
  const eventDefs = EVENT_DEFS[patient.study.protocol.protocolId] ?? []
  const profile = drawPatientProfile(patient, randomFor(context.seed, 'edc-patient', subjectNumber))
  const completed = patient.visits.filter((visit) => visit.status === 'COMPLETED' && visit.actualDate !== null)
  const baselineDay = patient.enrollmentDay ?? dayNumberOf(patient.row.screeningDate)
  return completed.flatMap((visit, index) => {
    const day = dayNumberOf(visit.actualDate!)
    const rng = randomFor(context.seed, 'edc-visit', subjectNumber, visit.visitNumber)
    const recent = context.today - day <= RECENT_DAYS ? 'recent' : 'older'
    if (rng.chance(NOT_ENTERED_RATE[recent])) return []
    const formOids = eventDefs.find((def) => def.visitType === visit.visitType)?.formOids ?? []
    const previous = completed[index - 1]
    const visitContext: VisitContext = {
      patient,
      profile,
      day,
      previousDay: previous ? dayNumberOf(previous.actualDate!) : day,
      studyDay: day - baselineDay,
      rng,
    }
    const enteredBy = enteringCrc(patient, staff, day, rng)
    let minute = rng.int(9 * 60, 16 * 60)
    return formOids.map((formOid): FormEntryRow => {
      const complete = !rng.chance(IN_PROGRESS_RATE[recent])
      const values = GENERATORS[formOid]!(visitContext)
      minute += rng.int(2, 15)
      return {
        id: stableUuid('form-data', `${visit.id}/${formOid}`),
        visitId: visit.id,
        patientId: patient.row.id,
        studyId: patient.row.studyId,
        siteId: patient.row.siteId,
        formOid,
        definitionVersion: 1,
        complete,
        values: complete ? values : partlyEntered(values, REPEATING_GROUPS, rng),
        enteredByUserId: enteredBy,
        enteredAt: new Date(dateOfDay(day).getTime() + minute * MINUTE_MS).toISOString(),
      }
    })
  })
}

/** Mostly the patient's assigned CRC; otherwise another CRC of the site who had joined by then. */
function enteringCrc(patient: PatientRecord, staff: StaffDirectory, day: DayNumber, rng: Random): string | null {
  const crcs = (staff.bySiteId.get(patient.row.siteId)?.crcs ?? []).filter((u) => staff.joinedDay.get(u.id)! <= day)
  const assigned = crcs.find((u) => u.id === patient.row.assignedCrcId)
  if (assigned && rng.chance(0.8)) return assigned.id
  return crcs.length > 0 ? rng.pick(crcs).id : null
}

/**
 * A form the site stopped entering part-way: in the form's order, items after a random point are
 * still blank, and rows of repeating groups not yet started do not exist.
 */
function partlyEntered(values: FormValues, repeatingGroups: ReadonlySet<string>, rng: Random): FormValues {
  const slots = Object.values(values).reduce(
    (sum, rows) => sum + rows.reduce((count, row) => count + Object.keys(row).length, 0),
    0,
  )
  let left = rng.int(1, Math.max(1, slots - 1))
  return Object.fromEntries(
    Object.entries(values).map(([group, rows]) => [
      group,
      rows
        .map((row) => Object.fromEntries(Object.entries(row).map(([item, value]) => [item, left-- > 0 ? value : null])))
        .filter((row) => !repeatingGroups.has(group) || Object.values(row).some((value) => value !== null)),
    ]),
  )
}
