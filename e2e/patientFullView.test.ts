import { operation } from './support/operations'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { demoDataset } from '../demo-data'
import { demoSupply } from '../subgraphs/inventory/demo/demoSupply'
import { scrape } from '../test/support/prometheus'
import { SUBGRAPHS } from '../scripts/run/supergraphProcesses'

// The investigator's full view through the real gateway and the real subgraph processes.
jest.setTimeout(180_000)

let supergraph: SupergraphUnderTest
const data = demoDataset()
// An enrolled subject with diary entries and lab results, from the same deterministic dataset.
const subject = data.patients.patients.find(
  (p) =>
    p.enrollmentStatus === 'ENROLLED' &&
    data.labs.labResults.some((l) => l.patientId === p.id) &&
    data.epro.submissions.some((s) => s.patientId === p.id),
)!
// Inventory's seed of the same subject: the kit dispensed at randomisation and its list position.
const supply = demoSupply(data)
const subjectKit = supply.kits.find((k) => k.patientId === subject.id)!
const subjectEntry = supply.entries.find((e) => e.patientId === subject.id)!

beforeAll(async () => {
  supergraph = await startSupergraphUnderTest()
})
afterAll(async () => {
  await supergraph?.stop()
})

describe('patient full view', () => {
  it('returns data from all seven subgraphs in one response', async () => {
    const { status, body } = await supergraph.post(operation('PatientFullView'), { id: subject.id })
    expect(status).toBe(200)
    expect(body.errors).toBeUndefined()
    const patient = body.data!.patient
    // patients
    expect(patient.subjectNumber).toBe(subject.subjectNumber)
    expect(patient.demographics).toEqual({ yearOfBirth: subject.yearOfBirth, sex: subject.sex })
    expect(patient.visits.length).toBe(data.patients.visits.filter((v) => v.patientId === subject.id).length)
    // studies
    const site = data.studies.sites.find((s) => s.id === subject.siteId)!
    expect(patient.site).toMatchObject({ id: site.id, siteNumber: site.siteNumber, name: site.name })
    expect(patient.study.protocolId).toBe(data.studies.studies.find((s) => s.id === subject.studyId)!.protocolId)
    // users
    const crc = data.users.users.find((u) => u.id === subject.assignedCrcId)!
    expect(patient.assignedCrc).toMatchObject({ id: crc.id, email: crc.email })
    expect(patient.assignedCrc.displayName).toContain(crc.familyName)
    expect(patient.enrollingInvestigator.id).toBe(subject.enrollingInvestigatorId)
    // epro
    const submissions = data.epro.submissions.filter((s) => s.patientId === subject.id)
    const latest = submissions.reduce((a, b) => (a.deviceTimestamp > b.deviceTimestamp ? a : b))
    expect(patient.latestEproSubmission).toMatchObject({ id: latest.id, painScore: latest.painScore })
    expect(patient.eproSubmissions.length).toBe(Math.min(30, submissions.length))
    expect(patient.eproCompliance.expectedEntries).toBeGreaterThan(0)
    // labs
    const labs = data.labs.labResults.filter((l) => l.patientId === subject.id)
    expect(patient.abnormalLabCount).toBe(labs.filter((l) => l.abnormalFlag !== 'N').length)
    expect(patient.labResults.length).toBe(Math.min(50, labs.length))
    expect(patient.labResults[0]).toHaveProperty('referenceRange.text')
    // inventory: the kit and the randomisation number, blinded (nothing names the arm)
    expect(patient.kits).toEqual([
      expect.objectContaining({
        kitNumber: subjectKit.kitNumber,
        status: 'DISPENSED',
        packagingLot: subjectKit.packagingLot,
        expiresOn: '2028-06-30',
      }),
    ])
    expect(patient.allocation).toEqual({
      randomizationNumber: subjectEntry.randomizationNumber,
      randomizedAt: (subjectEntry.randomizedAt as Date).toISOString(),
    })
    // A seeded subject was enrolled before the saga existed: no attempt to show.
    expect(patient.enrollment).toBeNull()
    expect(JSON.stringify(patient)).not.toMatch(/"arm"/)
  })

  it('looks a subject up by subject number', async () => {
    const { body } = await supergraph.post(operation('PatientFullViewBySubjectNumber'), {
      subjectNumber: subject.subjectNumber,
    })
    expect(body.errors).toBeUndefined()
    expect(body.data!.patientBySubjectNumber).toMatchObject({ id: subject.id, subjectNumber: subject.subjectNumber })
    expect(body.data!.patientBySubjectNumber.site.siteNumber).toBeDefined()
    expect(body.data!.patientBySubjectNumber.assignedCrc.email).toBeDefined()
    expect(body.data!.patientBySubjectNumber.allocation).toEqual({
      randomizationNumber: subjectEntry.randomizationNumber,
    })
    expect(body.data!.patientBySubjectNumber.kits).toEqual([
      { kitNumber: subjectKit.kitNumber, status: 'DISPENSED', expiresOn: '2028-06-30' },
    ])
  })

  it('answers an unknown id with null and FORBIDDEN, as for a patient of another site', async () => {
    const { status, body } = await supergraph.post(operation('PatientFullView'), {
      id: '00000000-0000-4000-8000-000000000000',
    })
    expect(status).toBe(200)
    expect(body.data!.patient).toBeNull()
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['patient'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ])
  })

  it('answers a malformed id with BAD_USER_INPUT, naming the argument', async () => {
    const { body } = await supergraph.post(operation('PatientFullView'), { id: 'not-a-uuid' })
    expect(body.data!.patient).toBeNull()
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' })
    expect(body.errors![0]!.message).toMatch(/"id" must be a UUID/)
  })

  it('answers an out-of-range page size with BAD_USER_INPUT and keeps the rest of the view', async () => {
    const { body } = await supergraph.post(operation('PatientFullView'), { id: subject.id, labs: 0 })
    expect(body.data!.patient.subjectNumber).toBe(subject.subjectNumber)
    expect(body.data!.patient.labResults).toBeNull()
    expect(body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    ])
  })

  it("sends one request per subgraph where the plan's parallel branches fetch from it side by side", async () => {
    // Requests each subgraph served (its own operation count), before and after one full view.
    const served = async () =>
      Object.fromEntries(
        await Promise.all(
          SUBGRAPHS.map(async (name) => [
            name,
            (await scrape(supergraph.processes.subgraphs[name].spec.baseUrl))
              .filter(
                // The view's own fetches (the planner names them after it), not the gateway's grants checks.
                (s) =>
                  s.name === 'graphql_operation_duration_seconds_count' &&
                  s.labels.operation?.startsWith('PatientFullView__'),
              )
              .reduce((sum, s) => sum + s.value, 0),
          ]),
        ),
      ) as Record<string, number>
    const before = await served()
    const { body } = await supergraph.post(operation('PatientFullView'), { id: subject.id })
    expect(body.errors).toBeUndefined()
    const after = await served()
    const requests = Object.fromEntries(SUBGRAPHS.map((name) => [name, after[name]! - before[name]!]))
    // The plan fetches the study and the site from studies, the investigator and the CRC from
    // users, and the patient and its visits from edc, each pair in one parallel step: one request
    // each. Without merging, those three subgraphs got two requests each (ten in all).
    expect(requests).toEqual({ users: 1, studies: 1, patients: 1, epro: 1, labs: 1, edc: 1, inventory: 1, exports: 0 })
  })
})
