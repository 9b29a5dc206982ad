import { dateOfDay, yearOfDay, type DayNumber } from './calendar'
import { isRandomised, statusQuotas, ENROLLMENT_STATUSES } from './enrollmentPlan'
import { randomFor, type Random } from './random'
import type { EnrollmentStatus, PatientRow, Sex, VisitRow } from './rowTypes'
import type { GenerationContext } from './scale'
import type { StaffDirectory } from './staff'
import { stableUuid } from './stableId'
import type { SitePlan, StudyPlan } from './studiesAndSites'
import { lastStudyDay, type StudyProtocol } from './studyProtocols'
import { scheduleVisits } from './visits'

/** A patient row plus the facts later contexts (diary, labs) build on. */
export interface PatientRecord {
  row: PatientRow
  study: StudyPlan
  site: SitePlan
  enrollmentDay: DayNumber | null
  /** Last day on study: the withdrawal day or the final visit; null while ongoing or never randomised. */
  exitDay: DayNumber | null
  visits: VisitRow[]
}

interface PatientDates {
  status: EnrollmentStatus
  screeningDay: DayNumber
  enrollmentDay: DayNumber | null
  withdrawalDay: DayNumber | null
}

export function buildPatients(
  plans: readonly StudyPlan[],
  staff: StaffDirectory,
  context: GenerationContext,
): PatientRecord[] {
  return plans.flatMap((study) => study.sites.flatMap((site) => buildSitePatients(study, site, staff, context)))
}

function buildSitePatients(
  study: StudyPlan,
  site: SitePlan,
  staff: StaffDirectory,
  context: GenerationContext,
): PatientRecord[] {
  const { protocol } = study
  const team = staff.bySiteId.get(site.row.id)!
  const siteRng = randomFor(context.seed, 'site-patients', protocol.protocolId, site.row.siteNumber)
  const quotas = statusQuotas(protocol, site.patientCount)
  const statuses = siteRng.shuffle(
    ENROLLMENT_STATUSES.flatMap((status) => Array.from({ length: quotas[status] }, () => status)),
  )
  // Subject numbers are handed out at screening, so they follow screening order.
  const drafts = statuses
    .map((status, drawOrder) => ({ ...drawDates(status, protocol, site, context.today, siteRng), drawOrder }))
    .sort((a, b) => a.screeningDay - b.screeningDay || a.drawOrder - b.drawOrder)
  const arms = allocateArms(drafts, siteRng)

  return drafts.map((dates, index) => {
    const subjectNumber = `${protocol.protocolId}-${site.row.siteNumber}-${String(index + 1).padStart(4, '0')}`
    const rng = randomFor(context.seed, 'patient', subjectNumber)
    const id = stableUuid('patient', subjectNumber)
    const schedule = scheduleVisits({ protocol, patientId: id, subjectNumber, ...dates, today: context.today }, rng)
    // Mostly the principal investigator; sub-investigators already on the team consent some patients.
    const subInvestigators = team.investigators.slice(1).filter((u) => staff.joinedDay.get(u.id)! <= dates.screeningDay)
    const row: PatientRow = {
      id,
      subjectNumber,
      studyId: study.row.id,
      siteId: site.row.id,
      enrollmentStatus: dates.status,
      screeningDate: dateOfDay(dates.screeningDay),
      enrollmentDate: dates.enrollmentDay === null ? null : dateOfDay(dates.enrollmentDay),
      arm: arms.get(dates) ?? null,
      yearOfBirth: drawYearOfBirth(protocol, dates.screeningDay, rng),
      sex: rng.weighted<Sex>([
        ['FEMALE', protocol.femaleShare * 0.995],
        ['MALE', (1 - protocol.femaleShare) * 0.995],
        ['UNKNOWN', 0.005],
      ]),
      enrollingInvestigatorId: (subInvestigators.length > 0 && rng.chance(0.3)
        ? rng.pick(subInvestigators)
        : team.investigators[0]!
      ).id,
      assignedCrcId: team.crcs[index % team.crcs.length]!.id,
    }
    return {
      row,
      study,
      site,
      enrollmentDay: dates.enrollmentDay,
      exitDay: dates.withdrawalDay ?? schedule.completionDay,
      visits: schedule.visits,
    }
  })
}

/**
 * Dates consistent with the status: a completed patient was enrolled long enough ago to have had
 * every visit, an ongoing one recently enough not to have. A recruiting study enrolls more and more
 * as its sites ramp up, so its ongoing patients skew towards recent enrollment. SCREENING
 * patients were screened within the 4-week screening window.
 */
function drawDates(
  status: EnrollmentStatus,
  protocol: StudyProtocol,
  site: SitePlan,
  today: DayNumber,
  rng: Random,
): PatientDates {
  const firstScreening = site.activatedDay + 3
  const lastEnrollment =
    protocol.enrollmentClosedDaysAgo === null ? today - 1 : today - protocol.enrollmentClosedDaysAgo
  const studyLength = lastStudyDay(protocol)
  const enrolled = (
    from: DayNumber,
    to: DayNumber,
    enrollmentDay: DayNumber,
    withdrawalDay: DayNumber | null = null,
  ): PatientDates | null =>
    to < from
      ? null
      : { status, screeningDay: Math.max(firstScreening, enrollmentDay - rng.int(7, 28)), enrollmentDay, withdrawalDay }
  let dates: PatientDates | null
  if (status === 'SCREENING') {
    dates = {
      status,
      screeningDay: rng.int(Math.max(firstScreening, today - 27), today - 1),
      enrollmentDay: null,
      withdrawalDay: null,
    }
  } else if (status === 'SCREEN_FAILED') {
    dates = {
      status,
      screeningDay: rng.int(firstScreening, lastEnrollment - 1),
      enrollmentDay: null,
      withdrawalDay: null,
    }
  } else if (status === 'ENROLLED') {
    const from = Math.max(today - studyLength + 1, firstScreening + 7)
    const recentFirst = protocol.enrollmentClosedDaysAgo === null ? 1 - Math.cbrt(rng.next()) : rng.next()
    dates = enrolled(from, lastEnrollment, lastEnrollment - Math.round((lastEnrollment - from) * recentFirst))
  } else if (status === 'COMPLETED') {
    const to = Math.min(lastEnrollment, today - studyLength - 5)
    dates = enrolled(firstScreening + 7, to, rng.int(firstScreening + 7, to))
  } else {
    const to = Math.min(lastEnrollment, today - 8)
    const enrollmentDay = rng.int(firstScreening + 7, to)
    dates = enrolled(
      firstScreening + 7,
      to,
      enrollmentDay,
      enrollmentDay + rng.int(7, Math.min(studyLength - 1, today - 1 - enrollmentDay)),
    )
  }
  if (dates) return dates
  // Only reachable with a site activated too recently for the status: make it an ongoing patient.
  if (status === 'ENROLLED')
    throw new Error(`Site ${protocol.protocolId}/${site.row.siteNumber} was activated too recently to enroll anyone`)
  return drawDates('ENROLLED', protocol, site, today, rng)
}

/** 1:1 permuted blocks of four per site, in enrollment order, with blinded labels A/B. */
function allocateArms(drafts: readonly PatientDates[], rng: Random): Map<PatientDates, string> {
  const randomised = drafts
    .filter((d) => isRandomised(d.status) && d.enrollmentDay !== null)
    .sort((a, b) => a.enrollmentDay! - b.enrollmentDay!)
  const arms = new Map<PatientDates, string>()
  let block: string[] = []
  for (const draft of randomised) {
    if (block.length === 0) block = rng.shuffle(['A', 'A', 'B', 'B'])
    arms.set(draft, block.pop()!)
  }
  return arms
}

function drawYearOfBirth(protocol: StudyProtocol, screeningDay: DayNumber, rng: Random): number {
  const screeningYear = yearOfDay(screeningDay)
  const age = Math.min(86, Math.max(18, Math.round(rng.normal(protocol.meanAge, 11))))
  return Math.min(Math.max(screeningYear - age, 1940), 2005, screeningYear - 18)
}
