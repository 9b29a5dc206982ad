import { operation } from './support/operations'
import { crcOfPatient, dataManagerOf } from '../test/support/demoAccounts'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { demoDataset } from '../demo-data'
import { diaryEntryInput } from '../test/support/diaryEntryInput'

// The audit trail through the real gateway, with demo accounts: a CRC's diary entry is recorded
// with its actor and request, the study's data manager reads it (and their own sign-ins) across
// subgraphs, and the CRC gets the entry without its trail (FORBIDDEN on that field only).
jest.setTimeout(180_000)

let supergraph: SupergraphUnderTest
const data = demoDataset()
const site = data.studies.sites[0]!
const patient = data.patients.patients.find((p) => p.siteId === site.id && p.enrollmentStatus === 'ENROLLED')!
const crc = crcOfPatient(patient.id)
const dataManager = dataManagerOf(site.studyId)

beforeAll(async () => {
  supergraph = await startSupergraphUnderTest({ account: dataManager })
})
afterAll(() => supergraph?.stop())

const DIARY_AUDIT = `query($patientId: ID!) { patient(id: $patientId) { eproSubmissions(first: 5) { id auditTrail { sequence occurredAt actor { id } actorRole operation entityType entityId field newValue requestId } } } }`

it('a diary entry entered by a CRC: the data manager reads its CREATE, by that CRC, through the gateway', async () => {
  const input = diaryEntryInput(patient.id, 4)
  const submissionId = input.submissionId
  const submitted = await supergraph.post(operation('SubmitEproEntry'), { input }, { as: crc })
  expect(submitted.body.errors).toBeUndefined()
  const crcId = (await supergraph.post('{ me { id } }', {}, { as: crc })).body.data!.me.id

  const { body } = await supergraph.post(DIARY_AUDIT, { patientId: patient.id })
  expect(body.errors).toBeUndefined()
  const entry = body.data!.patient.eproSubmissions.find((s: { id: string }) => s.id === submissionId)
  expect(entry.auditTrail).toEqual([
    expect.objectContaining({
      actor: { id: crcId },
      actorRole: 'CRC',
      operation: 'CREATE',
      entityType: 'EproSubmission',
      entityId: submissionId,
      field: null,
      requestId: expect.any(String),
    }),
  ])
  expect(JSON.parse(entry.auditTrail[0].newValue)).toMatchObject({ id: submissionId, painScore: 4, late: true })
})

it('the CRC sees the entries but not their trail: null with FORBIDDEN on that field alone', async () => {
  const { body } = await supergraph.post(DIARY_AUDIT, { patientId: patient.id }, { as: crc })
  const entries = body.data!.patient.eproSubmissions as { id: string; auditTrail: unknown }[]
  expect(entries.length).toBeGreaterThan(0)
  expect(entries.every((e) => e.auditTrail === null)).toBe(true)
  expect(new Set(body.errors!.map((e) => e.extensions!.code))).toEqual(new Set(['FORBIDDEN']))
})

it('a user reads their own sign-ins', async () => {
  const { body } = await supergraph.post('{ me { id auditTrail { operation entityType actor { id } } } }')
  expect(body.errors).toBeUndefined()
  const { id, auditTrail } = body.data!.me
  expect(auditTrail).toContainEqual({ operation: 'SIGN_IN', entityType: 'User', actor: { id } })
})
