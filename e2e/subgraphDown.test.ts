import { operation } from './support/operations'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { demoDataset } from '../demo-data'

// A subgraph that is down costs only its own fields: the rest of the full view still arrives
// with HTTP 200 and an error naming the unavailable service.
jest.setTimeout(180_000)

let supergraph: SupergraphUnderTest
const data = demoDataset()
const subject = data.patients.patients.find((p) => p.enrollmentStatus === 'ENROLLED')!

beforeAll(async () => {
  supergraph = await startSupergraphUnderTest()
})
afterAll(async () => {
  await supergraph?.stop()
})

describe('a subgraph is down', () => {
  it('labs down: lab fields are null, everything else arrives, one SERVICE_UNAVAILABLE error', async () => {
    await supergraph.processes.subgraphs.labs.stop()
    const { status, body } = await supergraph.post(operation('PatientFullView'), { id: subject.id })
    expect(status).toBe(200)
    const patient = body.data!.patient
    expect(patient.subjectNumber).toBe(subject.subjectNumber)
    expect(patient.site.name).toBeDefined()
    expect(patient.assignedCrc.displayName).toBeDefined()
    expect(patient.eproCompliance).not.toBeUndefined()
    expect(patient.labResults).toBeNull()
    expect(patient.abnormalLabCount).toBeNull()
    expect(body.errors).toHaveLength(1)
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'labs' })
    expect(body.errors![0]!.message).toMatch(/labs service is unavailable/)
  })

  it('reports not-ready naming the missing subgraph, while /health stays up', async () => {
    const ready = await fetch(`${supergraph.baseUrl}/ready`)
    expect(ready.status).toBe(503)
    expect(((await ready.json()) as { subgraphs: Record<string, string> }).subgraphs.labs).toMatch(/unreachable/)
    expect((await fetch(`${supergraph.baseUrl}/health`)).status).toBe(200)
  })

  it('users down as well: staff fields are null, patients, studies and epro still answer', async () => {
    await supergraph.processes.subgraphs.users.stop()
    const { status, body } = await supergraph.post(operation('PatientFullView'), { id: subject.id })
    expect(status).toBe(200)
    expect(body.data!.patient.subjectNumber).toBe(subject.subjectNumber)
    expect(body.data!.patient.assignedCrc).toBeNull()
    expect(body.data!.patient.site.siteNumber).toBeDefined()
    // One error per failed fetch: the plan may call a subgraph more than once.
    const services = new Set(body.errors!.map((e) => e.extensions!.serviceName))
    expect([...services].sort()).toEqual(['labs', 'users'])
    expect(body.errors!.every((e) => e.extensions!.code === 'SERVICE_UNAVAILABLE')).toBe(true)
  })
})
