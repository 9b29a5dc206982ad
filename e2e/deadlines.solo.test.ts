import { parse, print, visit } from 'graphql'
import { operation } from './support/operations'
import { DEFAULT_E2E_ACCOUNT, startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { demoDataset } from '../demo-data'
import { eventually } from '../test/support/eventually'

// Per-field deadlines end to end: the labs subgraph is made to hang (test-only fault injection: each
// of its operations first runs a 5 s pg_sleep), and the full view must still come back on time
// with everything else filled, while Postgres stops the abandoned work.
jest.setTimeout(180_000)

let supergraph: SupergraphUnderTest
const subject = demoDataset().patients.patients.find((p) => p.enrollmentStatus === 'ENROLLED')!
const LAB_FIELD_DEADLINE_MS = 800 // @deadline(ms: 800) on the labs fields of Patient
const SLEEP_MS = 5000 // how long each labs operation sleeps first (FAULT_SQL_DELAY_MS)
const LAB_FIELDS = ['labResults', 'abnormalLabCount', 'latestAbnormalLabResults']
/** The full view with no field of the labs subgraph. */
const withoutLabs = print(
  visit(parse(operation('PatientFullView')), {
    Field: (field) => (LAB_FIELDS.includes(field.name.value) ? null : undefined),
    VariableDefinition: (definition) => (definition.variable.name.value === 'labs' ? null : undefined),
  }),
)

beforeAll(async () => {
  supergraph = await startSupergraphUnderTest({
    deadlines: true,
    subgraphEnv: { labs: { FAULT_SQL_DELAY_MS: String(SLEEP_MS) } },
  })
})
afterAll(async () => {
  await supergraph?.stop()
})

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now()
  const result = await work()
  return { result, ms: performance.now() - started }
}

/** The labs subgraph's sleeping statements running in Postgres now (when each began), and Postgres' clock; epoch ms. */
const labSleeps = () =>
  supergraph.asOwner(async (client) => {
    const { rows } = await client.query<{ now: number; started: number[] }>(
      `SELECT extract(epoch FROM clock_timestamp()) * 1000 AS now,
              ARRAY(SELECT extract(epoch FROM query_start) * 1000 FROM pg_stat_activity
                    WHERE datname = current_database() AND application_name = $1 AND state = 'active'
                      AND query LIKE '%pg_sleep%') AS started`,
      [supergraph.schemas.labs],
    )
    return { now: Number(rows[0]!.now), started: rows[0]!.started.map(Number) }
  })

/**
 * How long the labs statement of `request` ran in Postgres at most, by Postgres' own clock: from
 * its query_start to a moment it was no longer running. Under SLEEP_MS proves it was cancelled —
 * left alone it would run SLEEP_MS — with no bound on how quickly this test looks (a busy machine
 * delays the looking, not the verdict). null: never seen running while the request was open.
 */
async function labStatementLifetime(request: Promise<unknown>): Promise<number | null> {
  let settled = false
  const settle = () => (settled = true)
  request.then(settle, settle)
  let began: number | undefined
  while (began === undefined && !settled) {
    const { started } = await labSleeps()
    if (started.length) began = Math.min(...started)
    else await new Promise((resolve) => setTimeout(resolve, 20))
  }
  await request
  return began === undefined ? null : labStatementGoneAfter(began)
}

/** Postgres' time from `began` (a statement's query_start) to a moment no labs sleep ran; null: still running after 30 s. */
async function labStatementGoneAfter(began: number): Promise<number | null> {
  const gone = await eventually(labSleeps, ({ started }) => started.length === 0, 30_000, 25)
  return gone.started.length ? null : gone.now - began
}

describe('per-field deadlines', () => {
  it('returns the full view within the lab deadline + 50 ms of a view without labs, labs null, one DEADLINE_EXCEEDED at the lab path', async () => {
    await supergraph.post(operation('PatientFullView'), { id: subject.id }) // warm caches and plans
    await supergraph.post(withoutLabs, { id: subject.id })
    // The hanging lab fetch starts after the patients fetch and the answer is shaped after it is
    // cut, so the promise is "the deadline over the same view without its lab fields", measured
    // here on either side of it: a busy machine slows all three alike.
    const before = await timed(() => supergraph.post(withoutLabs, { id: subject.id }))
    const { result, ms } = await timed(() => supergraph.post(operation('PatientFullView'), { id: subject.id }))
    const after = await timed(() => supergraph.post(withoutLabs, { id: subject.id }))
    const withoutLabsMs = Math.max(before.ms, after.ms)
    console.log(
      `full view with labs hanging: ${ms.toFixed(0)} ms (lab deadline ${LAB_FIELD_DEADLINE_MS} ms; the view without labs: ${before.ms.toFixed(0)} ms, ${after.ms.toFixed(0)} ms)`,
    )
    expect(before.result.body.errors).toBeUndefined()
    expect(ms).toBeGreaterThanOrEqual(LAB_FIELD_DEADLINE_MS - 5) // the lab fetch had its whole deadline
    expect(ms).toBeLessThan(LAB_FIELD_DEADLINE_MS + withoutLabsMs + 50)
    const { status, body } = result
    expect(status).toBe(200)
    const patient = body.data!.patient
    expect(patient.subjectNumber).toBe(subject.subjectNumber)
    expect(patient.site.name).toEqual(expect.any(String))
    expect(patient.assignedCrc.displayName).toEqual(expect.any(String))
    expect(patient.visits.length).toBeGreaterThan(0)
    expect(patient.eproCompliance).not.toBeUndefined()
    // inventory's fields (@deadline 1500) answer in time, in parallel with the hanging lab fetch
    expect(patient.allocation).toEqual(expect.objectContaining({ randomizationNumber: expect.any(String) }))
    expect(patient.kits.length).toBeGreaterThan(0)
    for (const field of ['labResults', 'abnormalLabCount']) expect(patient[field]).toBeNull()
    expect(body.errors).toHaveLength(1)
    const [error] = body.errors!
    expect(error!.extensions).toMatchObject({
      code: 'DEADLINE_EXCEEDED',
      serviceName: 'labs',
      deadlineMs: LAB_FIELD_DEADLINE_MS,
      reason: 'field-deadline',
    })
    expect(error!.path![0]).toBe('patient')
    expect(LAB_FIELDS).toContain(error!.path![1])
  })

  it('a client budget of 100 ms ends the whole request at the budget with partial data', async () => {
    const viewWithoutLabs = await timed(() => supergraph.post(withoutLabs, { id: subject.id }))
    const { result, ms } = await timed(() =>
      supergraph.post(operation('PatientFullView'), { id: subject.id }, { headers: { 'x-request-timeout-ms': '100' } }),
    )
    console.log(
      `full view with a 100 ms client budget: ${ms.toFixed(0)} ms (the view without labs: ${viewWithoutLabs.ms.toFixed(0)} ms)`,
    )
    // Cut at the budget, long before the lab deadline: within 50 ms of the budget on an idle
    // machine; a busy one may add up to a whole view's time to shape the partial answer.
    expect(ms).toBeLessThan(100 + 50 + Math.max(50, viewWithoutLabs.ms))
    expect(ms).toBeLessThan(LAB_FIELD_DEADLINE_MS)
    expect(result.body.data!.patient.subjectNumber).toBe(subject.subjectNumber)
    // The slow labs fetch is always cut. The fetches racing the same 100 ms after the patients
    // fetch (epro, users, studies) may be too on a busy machine: whatever is cut, it is cut by the
    // request's budget, and the patient itself is there.
    const cut = result.body.errors!.map((e) => [e.extensions!.code, e.extensions!.reason, e.extensions!.serviceName])
    expect(cut).toContainEqual(['DEADLINE_EXCEEDED', 'request-budget', 'labs'])
    expect(
      cut.filter(
        ([code, reason, service]) =>
          code !== 'DEADLINE_EXCEEDED' || reason !== 'request-budget' || service === 'patients',
      ),
    ).toEqual([])
  })

  it('cancels the abandoned SQL in Postgres when the deadline fires', async () => {
    // While the lab fetch is inside its deadline its slow statement runs in Postgres; once the
    // deadline has fired, Postgres stops working on it — long before the sleep would have ended.
    const lifetime = await labStatementLifetime(supergraph.post(operation('PatientFullView'), { id: subject.id }))
    console.log(`labs statement cut by the deadline: ran ${lifetime?.toFixed(0)} ms of its ${SLEEP_MS} ms sleep`)
    expect(lifetime).not.toBeNull()
    expect(lifetime).toBeLessThan(SLEEP_MS - 250)
  })

  it('aborts the subgraph fetches and their SQL when the client disconnects', async () => {
    const labs = supergraph.processes.subgraphs.labs
    const before = labs.output.length
    const controller = new AbortController()
    const token = await supergraph.tokenFor(DEFAULT_E2E_ACCOUNT)
    const request = fetch(supergraph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: operation('PatientFullView'), variables: { id: subject.id } }),
      signal: controller.signal,
    }).catch((error: { name: string }) => error)
    // Disconnect once the labs statement is running; Postgres stops working on it long before its
    // sleep would have ended. Its start is taken from the same look that saw it running (a second,
    // concurrent watcher could miss it: the aborted request settles at once).
    const running = await eventually(labSleeps, ({ started }) => started.length > 0, 30_000, 20)
    expect(running.started.length).toBeGreaterThan(0)
    controller.abort()
    expect(await request).toMatchObject({ name: 'AbortError' })
    const lifetime = await labStatementGoneAfter(Math.min(...running.started))
    expect(lifetime).not.toBeNull()
    expect(lifetime).toBeLessThan(SLEEP_MS - 250)
    const labLog = labs.output.slice(before).join('\n')
    expect(labLog).toMatch(/request aborted; cancelling its work/)
    expect(labLog).toMatch(/caller closed the connection/)
    // The gateway logs when its aborted fetch unwinds, which may be a moment after the subgraph.
    expect(
      await eventually(
        async () =>
          /client closed the connection; subgraph fetch aborted/.test(supergraph.processes.gateway.output.join('\n')),
        Boolean,
        10_000,
        25,
      ),
    ).toBe(true)
  })

  it('rejects a nonsensical client budget with 400 and a clear message', async () => {
    for (const value of ['0', '-5', 'soon', '1.5']) {
      const { status, body } = await supergraph.post(
        '{ studies { id } }',
        {},
        { headers: { 'x-request-timeout-ms': value } },
      )
      expect(status).toBe(400)
      expect(body.errors![0]!.extensions!.code).toBe('BAD_REQUEST')
      expect(body.errors![0]!.message).toMatch(/x-request-timeout-ms must be a whole number of milliseconds/)
    }
  })

  it("serves a client deadline above the gateway's budget with the budget (capped, not refused)", async () => {
    for (const value of ['3001', '99999999999']) {
      const { status, body } = await supergraph.post(
        '{ studies { id } }',
        {},
        { headers: { 'x-request-timeout-ms': value } },
      )
      expect([value, status, body.errors]).toEqual([value, 200, undefined])
      expect(body.data!.studies.length).toBeGreaterThan(0)
    }
  })

  it('logs each exceeded deadline with subgraph, path, budget and elapsed time', () => {
    // The lab field's miss (a busy machine may add others, e.g. an ePRO field's 500 ms).
    const line = supergraph.processes.gateway.output.find(
      (l) => l.includes('"msg":"deadline exceeded"') && l.includes('"subgraph":"labs"'),
    )
    expect(line).toBeDefined()
    expect(JSON.parse(line!)).toMatchObject({
      subgraph: 'labs',
      path: expect.any(Array),
      budgetMs: 3000,
      deadlineMs: LAB_FIELD_DEADLINE_MS,
      elapsedMs: expect.any(Number),
    })
  })
})
