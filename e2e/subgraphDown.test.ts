import { operation } from './support/operations'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { demoDataset } from '../demo-data'
import { postGraphQL } from '../test/support/graphqlClient'
import { dataManagerOf } from '../test/support/demoAccounts'

// A subgraph that is down costs only its own fields: the rest of the full view still arrives
// with HTTP 200 and an error naming the unavailable service (labs, then inventory as well). The users subgraph is the exception:
// without it the gateway cannot confirm that a token's roles are still current, and refuses.
jest.setTimeout(180_000)

let supergraph: SupergraphUnderTest
const data = demoDataset()
const subject = data.patients.patients.find((p) => p.enrollmentStatus === 'ENROLLED')!
const OTHER_ACCOUNT = dataManagerOf(data.studies.studies[1]!.id)

beforeAll(async () => {
  supergraph = await startSupergraphUnderTest()
})
afterAll(async () => {
  await supergraph?.stop()
})

/** Stops a subgraph, then reads the full view: HTTP 200 with the subject, whatever is missing. */
async function fullViewWithout(name: 'labs' | 'inventory') {
  await supergraph.processes.subgraphs[name].stop()
  const { status, body } = await supergraph.post(operation('PatientFullView'), { id: subject.id })
  expect(status).toBe(200)
  const patient = body.data!.patient
  expect(patient.subjectNumber).toBe(subject.subjectNumber)
  return { body, patient }
}

describe('a subgraph is down', () => {
  it('labs down: lab fields are null, everything else arrives, one SERVICE_UNAVAILABLE error', async () => {
    const { body, patient } = await fullViewWithout('labs')
    expect(patient.site.name).toBeDefined()
    expect(patient.assignedCrc.displayName).toBeDefined()
    expect(patient.eproCompliance).not.toBeUndefined()
    expect(patient.labResults).toBeNull()
    expect(patient.abnormalLabCount).toBeNull()
    expect(body.errors).toHaveLength(1)
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'labs' })
    expect(body.errors![0]!.message).toMatch(/labs service is unavailable/)
  })

  it('inventory down as well: kits and allocation are null, the rest of the view still arrives', async () => {
    const { body, patient } = await fullViewWithout('inventory')
    expect(patient.visits.length).toBeGreaterThan(0)
    expect(patient.casebook).not.toBeNull()
    expect(patient.kits).toBeNull()
    expect(patient.allocation).toBeNull()
    expect(patient.labResults).toBeNull()
    const unavailable = body.errors!.map((e) => [e.extensions?.code, e.extensions?.serviceName])
    expect(unavailable.sort()).toEqual([
      ['SERVICE_UNAVAILABLE', 'inventory'],
      ['SERVICE_UNAVAILABLE', 'labs'],
    ])
  })

  it('reports not-ready naming the missing subgraph, while /health stays up', async () => {
    const ready = await fetch(`${supergraph.baseUrl}/ready`)
    expect(ready.status).toBe(503)
    expect(((await ready.json()) as { subgraphs: Record<string, string> }).subgraphs.labs).toMatch(/unreachable/)
    expect((await fetch(`${supergraph.baseUrl}/health`)).status).toBe(200)
  })

  it('users down as well: signed-in requests are refused 503 naming users (fail closed: roles cannot be confirmed)', async () => {
    // A token signed in while users was up, and never used: the gateway must ask users whether its
    // holder's roles have changed since (GATEWAY_GRANTS_FRESH_MS), and cannot.
    const token = await supergraph.tokenFor(OTHER_ACCOUNT)
    await supergraph.processes.subgraphs.users.stop()
    const { status, body } = await postGraphQL(
      supergraph.gatewayUrl,
      operation('PatientFullView'),
      { id: subject.id },
      { authorization: `Bearer ${token}` },
    )
    expect(status).toBe(503)
    expect(body.data).toBeUndefined()
    expect(body.errors).toHaveLength(1)
    expect(body.errors![0]!.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', serviceName: 'users' })
  })
})
