import crypto from 'node:crypto'
import { eventually } from '../test/support/eventually'
import { postGraphQL } from '../test/support/graphqlClient'
import { studyManager } from '../test/support/demoAccounts'
import { dayIn, setUpTrial, type TrialSetup } from '../test/support/trialSetup'
import { operation } from './support/operations'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'

// A trial run from nothing, end to end through the gateway on real Postgres and real Kafka: a study
// manager creates a study and a site and gives it staff; the pharmacist brings kits to the site;
// the CRC screens and enrolls the first subject, who gets a kit, visits and a diary; the full view
// shows all of it. Nothing here is seeded: every context learns of the study from studies' events.
jest.setTimeout(300_000)

let supergraph: SupergraphUnderTest
let trial: TrialSetup
const KITS_PER_ARM = 3
beforeAll(async () => {
  supergraph = await startSupergraphUnderTest({ account: studyManager() })
  trial = await setUpTrial(supergraph.gatewayUrl, {
    manager: await supergraph.tokenFor(studyManager()),
    enrollmentCap: 4,
    kitsPerArm: KITS_PER_ARM,
  })
})
afterAll(() => supergraph?.stop())

const day = (n: number) => dayIn(trial.siteTimeZone, n)
const as = async (token: string, query: string, variables: Record<string, unknown>) =>
  (await postGraphQL(supergraph.gatewayUrl, query, variables, { authorization: `Bearer ${token}` })).body
const availableKits = async () => {
  const body = await as(trial.pharmacist, `query($id: ID!) { site(id: $id) { stock { availableKits } } }`, {
    id: trial.siteId,
  })
  expect(body.errors).toBeUndefined()
  return body.data!.site.stock.availableKits as number
}

it('sets up a study and a site, staffs and supplies it, and enrolls its first subject', async () => {
  // Set up (beforeAll): the kits shipped are at the site, nobody is enrolled.
  expect(await availableKits()).toBe(2 * KITS_PER_ARM)

  // The CRC screens, answering the protocol's criteria, and enrolls.
  const screened = await as(
    trial.crc,
    `mutation($input: ScreenPatientInput!) { screenPatient(input: $input) { id subjectNumber enrollmentStatus } }`,
    {
      input: {
        siteId: trial.siteId,
        yearOfBirth: 1975,
        sex: 'MALE',
        screeningDate: day(-2),
        eligibility: trial.criteria.map((c) => ({ ...c, met: c.kind === 'INCLUSION' })),
      },
    },
  )
  expect(screened.errors).toBeUndefined()
  const patientId = screened.data!.screenPatient.id as string
  expect(screened.data!.screenPatient).toMatchObject({
    subjectNumber: `${trial.protocolId}-501-0001`,
    enrollmentStatus: 'SCREENING',
  })
  const started = await as(
    trial.crc,
    `mutation($id: ID!, $date: Date) { enrollPatient(patientId: $id, enrollmentDate: $date, waitForOutcomeMs: 5000) { id } }`,
    { id: patientId, date: day(-1) },
  )
  expect(started.errors).toBeUndefined()
  const enrolled = await eventually(
    () =>
      as(trial.crc, `query($id: ID!) { patient(id: $id) { enrollment { state failure { code } } } }`, {
        id: patientId,
      }),
    (body) => ['ENROLLED', 'FAILED'].includes(body.data?.patient?.enrollment?.state),
    120_000,
  )
  expect(enrolled.data!.patient.enrollment).toEqual({ state: 'ENROLLED', failure: null })

  // The subject files yesterday's diary (epro learned of them from patients' event).
  const diary = await eventually(
    () =>
      as(trial.crc, operation('SubmitEproEntry'), {
        input: {
          submissionId: crypto.randomUUID(),
          patientId,
          entryDate: day(-1),
          painScore: 2,
          symptoms: [],
          deviceTimestamp: new Date(Date.now() - 60_000).toISOString(),
        },
      }),
    (body) => !body.errors,
    60_000,
  )
  expect(diary.errors).toBeUndefined()
  expect(diary.data!.submitEproEntry.created).toBe(true)

  // The full view shows all of it.
  const view = await eventually(
    () => as(trial.crc, operation('PatientFullView'), { id: patientId }),
    (body) => !body.errors && (body.data?.patient?.kits?.length ?? 0) > 0,
    60_000,
  )
  expect(view.errors).toBeUndefined()
  const patient = view.data!.patient
  expect(patient).toMatchObject({
    subjectNumber: `${trial.protocolId}-501-0001`,
    enrollmentStatus: 'ENROLLED',
    enrollmentDate: day(-1),
    study: { id: trial.studyId, protocolId: trial.protocolId, status: 'RECRUITING' },
    site: { id: trial.siteId, siteNumber: '501', timeZone: trial.siteTimeZone },
    enrollment: { state: 'ENROLLED', kitNumber: expect.any(String) },
    latestEproSubmission: { entryDate: day(-1), painScore: 2 },
  })
  expect(patient.kits).toEqual([
    expect.objectContaining({ kitNumber: patient.enrollment.kitNumber, status: 'ALLOCATED' }),
  ])
  expect(patient.visits.map((v: { name: string; scheduledDate: string }) => [v.name, v.scheduledDate])).toEqual([
    ['Screening', day(-2)],
    ['Baseline', day(-1)],
    ['Week 2', day(13)],
    ['Follow-up', day(27)],
  ])

  // Counted once at the site against its cap, one kit fewer in its stock.
  const counts = await as(
    await supergraph.tokenFor(studyManager()),
    `query($id: ID!) { site(id: $id) { enrollmentCap enrollment { enrolled inProgress } } }`,
    { id: trial.siteId },
  )
  expect(counts.data!.site).toEqual({ enrollmentCap: 4, enrollment: { enrolled: 1, inProgress: 0 } })
  expect(await availableKits()).toBe(2 * KITS_PER_ARM - 1)
})
