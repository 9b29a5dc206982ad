import { demoDataset } from '../../demo-data'
import { eventually } from '../../test/support/eventually'
import { crcAt } from '../../test/support/demoAccounts'
import type { SupergraphUnderTest } from './supergraphUnderTest'

/**
 * Screening and enrollment through the gateway as a site's CRC would do them, and the numbers the
 * enrollment suites assert afterwards: a site's slot counts (studies), its available kits
 * (inventory), each subject's saga as patients shows it.
 */
/** A site of the demo study ONC-3017 (recruiting, four active sites with stock) by its number. */
export function oncologySite(siteNumber: '101' | '102' | '103' | '104') {
  const { studies } = demoDataset()
  const study = studies.studies.find((s) => s.protocolId === 'ONC-3017')!
  return studies.sites.find((s) => s.studyId === study.id && s.siteNumber === siteNumber)!
}

export const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10)

// ONC-3017's criteria (demo-data), each answered: eligible.
const ELIGIBLE = [
  { code: 'IN-01', kind: 'INCLUSION', met: true },
  { code: 'IN-02', kind: 'INCLUSION', met: true },
  { code: 'EX-01', kind: 'EXCLUSION', met: false },
]

export interface EnrollmentView {
  enrollmentStatus: string
  enrollmentDate: string | null
  enrollment: {
    state: string
    kitNumber: string | null
    randomizationNumber: string | null
    failure: { code: string; message: string } | null
    steps: { name: string; status: string }[]
  } | null
  visits: { visitType: string; scheduledDate: string; windowStart: string; windowEnd: string; status: string }[]
}

const ENROLLMENT_VIEW = `query($id: ID!) { patient(id: $id) {
  enrollmentStatus enrollmentDate
  enrollment { state kitNumber randomizationNumber failure { code message } steps { name status } }
  visits { visitType scheduledDate windowStart windowEnd status }
} }`

const SCREEN = `mutation($input: ScreenPatientInput!) { screenPatient(input: $input) { id } }`
const ENROLL = `mutation($id: ID!, $date: Date, $wait: Int) {
  enrollPatient(patientId: $id, enrollmentDate: $date, waitForOutcomeMs: $wait) { enrollmentStatus }
}`

export const isSettled = (view: EnrollmentView | null | undefined) =>
  ['ENROLLED', 'FAILED'].includes(view?.enrollment?.state ?? '')

/** A mutation as the site's CRC, which must succeed; its data. */
async function asCrc(supergraph: SupergraphUnderTest, siteId: string, mutation: string, variables: object) {
  const { body } = await supergraph.post(mutation, { ...variables }, { as: crcAt(siteId) })
  expect(body.errors).toBeUndefined()
  return body.data!
}

/** A new subject in screening at the site, screened by the site's CRC; its id. */
export async function screenSubject(supergraph: SupergraphUnderTest, siteId: string): Promise<string> {
  const input = { siteId, yearOfBirth: 1968, sex: 'FEMALE', screeningDate: daysAgo(3), eligibility: ELIGIBLE }
  const data = await asCrc(supergraph, siteId, SCREEN, { input })
  return data.screenPatient.id as string
}

/** enrollPatient as the site's CRC (accepted: the saga goes on in the background); the subject's status. */
export async function requestEnrollment(
  supergraph: SupergraphUnderTest,
  patientId: string,
  siteId: string,
  waitForOutcomeMs = 0,
): Promise<string> {
  const data = await asCrc(supergraph, siteId, ENROLL, { id: patientId, date: daysAgo(1), wait: waitForOutcomeMs })
  return data.enrollPatient.enrollmentStatus as string
}

/** The subject's enrollment as its site's CRC reads it (null while a subgraph on the path is down). */
export async function enrollmentView(
  supergraph: SupergraphUnderTest,
  patientId: string,
  siteId: string,
): Promise<EnrollmentView | null> {
  const { body } = await supergraph.post(ENROLLMENT_VIEW, { id: patientId }, { as: crcAt(siteId) })
  return (body.data?.patient as EnrollmentView | undefined) ?? null
}

/**
 * Follows the saga as a client would, until it is ENROLLED or FAILED (or `timeoutMs` passed).
 * The view it returns is read after the saga was seen settled: the fields of one response are
 * read by separate statements, so the read that first sees the saga FAILED may have read the
 * subject's status (or visits) just before the same commit. A read that starts after it sees all.
 */
export async function settledEnrollment(
  supergraph: SupergraphUnderTest,
  patientId: string,
  siteId: string,
  timeoutMs = 90_000,
): Promise<EnrollmentView> {
  const seen = await eventually(() => enrollmentView(supergraph, patientId, siteId), isSettled, timeoutMs, 500)
  expect(seen?.enrollment?.state).toMatch(/^(ENROLLED|FAILED)$/)
  return (await enrollmentView(supergraph, patientId, siteId))!
}

/** Screens a subject and enrolls them, following the saga to its end. */
export async function screenAndEnroll(supergraph: SupergraphUnderTest, siteId: string) {
  const patientId = await screenSubject(supergraph, siteId)
  await requestEnrollment(supergraph, patientId, siteId, 5000)
  return { patientId, crc: crcAt(siteId), patient: await settledEnrollment(supergraph, patientId, siteId) }
}

export interface SiteNumbers {
  enrollmentCap: number
  enrollment: { enrolled: number; inProgress: number }
}

/** A site's slot counts (studies), as the suite's account (the study manager) reads them. */
export async function siteNumbers(supergraph: SupergraphUnderTest, siteId: string): Promise<SiteNumbers> {
  const { body } = await supergraph.post(
    `query($id: ID!) { site(id: $id) { enrollmentCap enrollment { enrolled inProgress } } }`,
    { id: siteId },
  )
  expect(body.errors).toBeUndefined()
  return body.data!.site as SiteNumbers
}

/** The kits that may be dispensed at the site today (inventory), as the site's CRC reads them. */
export async function availableKits(supergraph: SupergraphUnderTest, siteId: string): Promise<number> {
  const { body } = await supergraph.post(
    `query($id: ID!) { site(id: $id) { stock { availableKits } } }`,
    { id: siteId },
    { as: crcAt(siteId) },
  )
  expect(body.errors).toBeUndefined()
  return body.data!.site.stock.availableKits as number
}

/** Raises (or lowers) the site's cap as the suite's account, the study manager. */
export async function setSiteCap(supergraph: SupergraphUnderTest, siteId: string, cap: number): Promise<void> {
  const { body } = await supergraph.post(
    `mutation($id: ID!, $cap: Int!) { setSiteEnrollmentCap(siteId: $id, cap: $cap, reason: "Recruitment plan revised by the sponsor") { enrollmentCap } }`,
    { id: siteId, cap },
  )
  expect(body.errors).toBeUndefined()
}

/**
 * Follows many sagas to their end, ten reads at a time and a pause between rounds (not one
 * polling loop each: fifty of those would load the gateway more than the sagas do). The views in
 * the order of `patientIds`, read once more after all were seen settled (see settledEnrollment);
 * one still unsettled at `timeoutMs` is returned as last seen.
 */
export async function settledEnrollments(
  supergraph: SupergraphUnderTest,
  patientIds: readonly string[],
  siteId: string,
  timeoutMs = 180_000,
): Promise<(EnrollmentView | null)[]> {
  const seen = new Map<string, EnrollmentView | null>()
  const read = async (ids: readonly string[]) => {
    for (let i = 0; i < ids.length; i += 10)
      await Promise.all(
        ids.slice(i, i + 10).map(async (id) => seen.set(id, await enrollmentView(supergraph, id, siteId))),
      )
  }
  const pending = () => patientIds.filter((id) => !isSettled(seen.get(id)))
  for (const end = Date.now() + timeoutMs; pending().length && Date.now() < end;) {
    await read(pending())
    if (pending().length) await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  await read(patientIds)
  return patientIds.map((id) => seen.get(id) ?? null)
}

/**
 * patients stopped and started again on its port behind the gateway, with the saga's step timeout
 * set to `ms` (the default, 120 s, outlasts every outage a suite can afford to wait for).
 */
export async function restartPatientsWithStepTimeout(supergraph: SupergraphUnderTest, ms: number): Promise<void> {
  const patients = supergraph.processes.subgraphs.patients
  await patients.stop()
  await supergraph.startInstance('patients', Number(new URL(patients.spec.baseUrl).port), {
    ENROLLMENT_STEP_TIMEOUT_MS: String(ms),
  })
}
