import crypto from 'node:crypto'
import { eventually } from '../test/support/eventually'
import { operation } from './support/operations'
import { daysAgo, screenAndStartEnrollment } from './support/enrollSubject'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { crcAt, studyManager } from '../test/support/demoAccounts'
import { demoDataset } from '../demo-data'

// The enrollment saga end to end: real processes, real Postgres, real Kafka. A CRC screens and
// enrolls through the gateway; patients orchestrates, studies reserves and confirms the slot,
// inventory randomises and allocates a kit; epro, labs and the EDC learn of the subject from
// patients' events. Then the same with the site's cap reached: the saga fails at once, and nothing
// moves — neither the site's counts nor its stock.
jest.setTimeout(240_000)

const data = demoDataset()
const study = data.studies.studies.find((s) => s.protocolId === 'ONC-3017')!
const siteOf = (number: string) => data.studies.sites.find((s) => s.studyId === study.id && s.siteNumber === number)!
const OPEN_SITE = siteOf('101')
const FULL_SITE = siteOf('102')
let supergraph: SupergraphUnderTest

beforeAll(async () => {
  supergraph = await startSupergraphUnderTest({ account: studyManager() })
})
afterAll(() => supergraph?.stop())

async function screenAndEnroll(siteId: string) {
  const as = crcAt(siteId)
  const patientId = await screenAndStartEnrollment(supergraph, siteId, as)
  // The saga goes on after the call's wait: followed as a client would, until it is done.
  const settled = await eventually(
    async () =>
      (
        await supergraph.post(
          `query($id: ID!) { patient(id: $id) {
            enrollmentStatus enrollmentDate
            enrollment { state kitNumber randomizationNumber failure { code message } steps { name status } }
            visits { visitType scheduledDate windowStart windowEnd status }
          } }`,
          { id: patientId },
          { as },
        )
      ).body,
    (body) => ['ENROLLED', 'FAILED'].includes(body.data?.patient?.enrollment?.state),
    90_000,
  )
  expect(settled.errors).toBeUndefined()
  return { patientId, crc: as, patient: settled.data!.patient }
}

/** A site's slot counts (studies) and available kits (inventory), as the study manager reads them. */
async function siteNumbers(siteId: string) {
  const { body } = await supergraph.post(
    `query($id: ID!) { site(id: $id) { enrollmentCap enrollment { enrolled inProgress } } }`,
    { id: siteId },
  )
  expect(body.errors).toBeUndefined()
  return body.data!.site as { enrollmentCap: number; enrollment: { enrolled: number; inProgress: number } }
}
const availableKits = async (siteId: string, as: string) => {
  const { body } = await supergraph.post(
    `query($id: ID!) { site(id: $id) { stock { availableKits } } }`,
    { id: siteId },
    { as },
  )
  expect(body.errors).toBeUndefined()
  return body.data!.site.stock.availableKits as number
}

it('screens and enrolls a subject: a slot, a kit, visits from the schedule, a diary, and the full view', async () => {
  const before = await siteNumbers(OPEN_SITE.id)
  const kitsBefore = await availableKits(OPEN_SITE.id, crcAt(OPEN_SITE.id))
  const { patientId, crc, patient } = await screenAndEnroll(OPEN_SITE.id)

  expect(patient.enrollmentStatus).toBe('ENROLLED')
  expect(patient.enrollmentDate).toBe(daysAgo(1))
  expect(patient.enrollment).toMatchObject({
    state: 'ENROLLED',
    kitNumber: expect.any(String),
    randomizationNumber: expect.any(String),
    failure: null,
    steps: [
      { name: 'ENROLLMENT_SLOT', status: 'CONFIRMED' },
      { name: 'KIT_ALLOCATION', status: 'HELD' },
    ],
  })
  const baseline = patient.visits.find((v: { visitType: string }) => v.visitType === 'BASELINE')
  expect(baseline).toMatchObject({ scheduledDate: daysAgo(1), status: 'SCHEDULED' })
  expect(patient.visits.length).toBeGreaterThan(2)

  // Counted once at the site, one kit fewer in its stock; the kit is the subject's.
  const after = await siteNumbers(OPEN_SITE.id)
  expect(after.enrollment).toEqual({
    enrolled: before.enrollment.enrolled + 1,
    inProgress: before.enrollment.inProgress,
  })
  expect(await availableKits(OPEN_SITE.id, crc)).toBe(kitsBefore - 1)
  // inventory learned of the subject from patients' event: the kit and the randomisation are theirs.
  const kits = await eventually(
    async () =>
      (
        await supergraph.post(
          `query($id: ID!) { patient(id: $id) { kits { kitNumber status } allocation { randomizationNumber } } }`,
          { id: patientId },
          { as: crc },
        )
      ).body,
    (body) => !!body.data?.patient?.kits,
    60_000,
  )
  expect(kits.errors).toBeUndefined()
  expect(kits.data!.patient).toEqual({
    kits: [{ kitNumber: patient.enrollment.kitNumber, status: 'ALLOCATED' }],
    allocation: { randomizationNumber: patient.enrollment.randomizationNumber },
  })

  // epro learned of the subject from patients' event: yesterday's diary entry is accepted.
  const diary = await eventually(
    async () =>
      (
        await supergraph.post(
          `mutation($input: SubmitEproEntryInput!) { submitEproEntry(input: $input) { created } }`,
          {
            input: {
              submissionId: crypto.randomUUID(),
              patientId,
              entryDate: daysAgo(1),
              painScore: 3,
              symptoms: [],
              deviceTimestamp: new Date(Date.now() - 60_000).toISOString(),
            },
          },
          { as: crc },
        )
      ).body,
    (body) => !body.errors,
    60_000,
  )
  expect(diary).toEqual({ data: { submitEproEntry: { created: true } } })

  // The full view answers whole, every subgraph included, the new subject's casebook and labs too.
  const { body } = await supergraph.post(operation('PatientFullView'), { id: patientId }, { as: crc })
  expect(body.errors).toBeUndefined()
  expect(body.data!.patient).toMatchObject({ id: patientId, enrollmentStatus: 'ENROLLED', labResults: [] })
})

it('fails at once when the site is full: the subject ENROLLMENT_FAILED with the reason, nothing held', async () => {
  const full = await siteNumbers(FULL_SITE.id)
  const taken = full.enrollment.enrolled + full.enrollment.inProgress
  const capped = await supergraph.post(
    `mutation($id: ID!, $cap: Int!) { setSiteEnrollmentCap(siteId: $id, cap: $cap, reason: "Recruitment paused by the sponsor") { enrollmentCap } }`,
    { id: FULL_SITE.id, cap: taken },
  )
  expect(capped.body.errors).toBeUndefined()
  const kitsBefore = await availableKits(FULL_SITE.id, crcAt(FULL_SITE.id))

  const { patient } = await screenAndEnroll(FULL_SITE.id)
  expect(patient.enrollmentStatus).toBe('ENROLLMENT_FAILED')
  expect(patient.enrollment).toMatchObject({
    state: 'FAILED',
    kitNumber: null,
    failure: { code: 'SITE_CAP_REACHED', message: expect.stringContaining('cap') },
    steps: [
      { name: 'ENROLLMENT_SLOT', status: 'REFUSED' },
      { name: 'KIT_ALLOCATION', status: 'NOT_STARTED' },
    ],
  })
  expect(patient.visits.map((v: { visitType: string }) => v.visitType)).toEqual(['SCREENING'])
  expect((await siteNumbers(FULL_SITE.id)).enrollment).toEqual(full.enrollment)
  expect(await availableKits(FULL_SITE.id, crcAt(FULL_SITE.id))).toBe(kitsBefore)
})
