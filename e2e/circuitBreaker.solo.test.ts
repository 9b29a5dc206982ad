import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { scrape, total } from '../test/support/prometheus'
import type { GraphQLResponse } from '../test/support/graphqlClient'
import { demoDataset } from '../demo-data'

// The gateway's circuit breaker per subgraph, under steady query load: labs is killed, its
// breaker opens, queries keep arriving with everything but the lab fields and fail those fast;
// labs comes back on the same port and the breaker closes within the cool-down.
jest.setTimeout(240_000)

const COOLDOWN_MS = 1500
const LAB_FIELD_DEADLINE_MS = 800 // @deadline(ms: 800) on Patient.labResults and abnormalLabCount
// The lab fields' own deadline is what these suites exercise, not the request's budget (3 s by
// default): under load a sign-in (a password hash) took longer than that and the suite failed
// before its first query. A budget far above the lab deadline leaves that deadline the only one.
const REQUEST_DEADLINE_MS = '30000'
const QUERY =
  'query PatientLabs($id: ID!) { patient(id: $id) { subjectNumber abnormalLabCount labResults(first: 3) { id } } }'
const subject = demoDataset().patients.patients.find((p) => p.enrollmentStatus === 'ENROLLED')!

let supergraph: SupergraphUnderTest

interface Sample {
  startedAt: number
  ms: number
  status: number
  body: GraphQLResponse['body']
}

/** Workers posting the query one after another, each response kept with its start time and duration. */
function steadyLoad(workers: number) {
  const samples: Sample[] = []
  let running = true
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const startedAt = performance.now()
      const { status, body } = await supergraph.post(QUERY, { id: subject.id })
      samples.push({ startedAt, ms: performance.now() - startedAt, status, body })
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })
  return {
    samples,
    async stop() {
      running = false
      await Promise.all(loops)
    },
  }
}
let load: ReturnType<typeof steadyLoad> | undefined

const complete = (s: Sample) => s.status === 200 && !s.body.errors && Array.isArray(s.body.data?.patient?.labResults)
/**
 * Everything but the lab fields, and errors naming labs only: SERVICE_UNAVAILABLE, or
 * DEADLINE_EXCEEDED when a busy machine makes labs (cold after its restart) miss its 800 ms.
 */
const labsMissing = (s: Sample) =>
  s.status === 200 &&
  s.body.data?.patient?.subjectNumber === subject.subjectNumber &&
  s.body.data.patient.labResults === null &&
  s.body.errors!.length > 0 &&
  s.body.errors!.every(
    (e) =>
      (e.extensions?.code === 'SERVICE_UNAVAILABLE' || e.extensions?.code === 'DEADLINE_EXCEEDED') &&
      e.extensions.serviceName === 'labs',
  )
const failedFast = (s: Sample) => labsMissing(s) && s.body.errors!.some((e) => e.extensions?.reason === 'circuit-open')

const breakerState = async (subgraph: string) =>
  total(await scrape(supergraph.baseUrl), 'gateway_circuit_breaker_state', { subgraph })

/** Polls until `check` holds; returns when it first did (performance.now()), or null. */
async function whenTrue(check: () => Promise<boolean>, timeoutMs: number): Promise<number | null> {
  const until = performance.now() + timeoutMs
  while (performance.now() < until) {
    if (await check()) return performance.now()
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return null
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

// Rate limits off: the load here is one user's, well past the per-user query limit; this suite is about the breaker.
describe('a subgraph killed under load', () => {
  beforeAll(async () => {
    supergraph = await startSupergraphUnderTest({
      deadlines: true,
      gatewayEnv: { GATEWAY_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS), RATE_LIMITS: 'off', REQUEST_DEADLINE_MS },
    })
  })
  afterAll(async () => {
    await load?.stop()
    await supergraph?.stop()
  })

  it('opens the breaker of a killed subgraph, fails its fields fast with partial data, and closes it once the subgraph is back', async () => {
    const labs = supergraph.processes.subgraphs.labs
    const labsPort = Number(new URL(labs.spec.baseUrl).port)
    load = steadyLoad(3)
    expect(await whenTrue(async () => load!.samples.filter(complete).length >= 10, 30_000)).not.toBeNull()
    expect(await breakerState('labs')).toBe(0)
    // What a complete answer costs on this machine now: failing fast is measured against it.
    const completeMs = median(load.samples.filter(complete).map((s) => s.ms))

    await labs.stop()
    const openedAt = await whenTrue(async () => (await breakerState('labs')) === 2, 15_000)
    expect(openedAt).not.toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 1000)) // queries keep coming while it is open

    const restartAt = performance.now()
    await supergraph.startInstance('labs', labsPort)
    const readyAt = performance.now()
    const closedAt = await whenTrue(async () => (await breakerState('labs')) === 0, COOLDOWN_MS + 5000)
    expect(closedAt).not.toBeNull()
    console.log(
      `labs breaker: closed ${Math.round(closedAt! - readyAt)} ms after labs was ready again (cool-down ${COOLDOWN_MS} ms)`,
    )
    expect(
      await whenTrue(
        async () => load!.samples.filter((s) => s.startedAt > closedAt! && complete(s)).length >= 5,
        10_000,
      ),
    ).not.toBeNull()
    await load.stop()

    const { samples } = load
    // Never more than the lab fields lost, whatever the moment.
    expect(samples.filter((s) => !complete(s) && !labsMissing(s)).map((s) => s.body)).toEqual([])
    // While the breaker was open and labs down, every answer lacked labs, and most failed fast.
    const whileOpen = samples.filter((s) => s.startedAt > openedAt! && s.startedAt + s.ms < restartAt)
    expect(whileOpen.length).toBeGreaterThan(5)
    expect(whileOpen.every(labsMissing)).toBe(true)
    const fast = whileOpen.filter(failedFast)
    expect(fast.length).toBeGreaterThan(whileOpen.length / 2)
    console.log(
      `while open: ${whileOpen.length} queries, ${fast.length} failed fast, median ${Math.round(median(fast.map((s) => s.ms)))} ms (complete answers before: ${Math.round(completeMs)} ms)`,
    )
    // Failing fast: no wait for the lab deadline — about what a complete answer cost, not
    // that plus half the deadline (relative, so a slow machine slows both sides).
    expect(median(fast.map((s) => s.ms))).toBeLessThan(completeMs + LAB_FIELD_DEADLINE_MS / 2)
    // Once closed again, the data is complete.
    expect(samples.filter((s) => s.startedAt > closedAt! + 500).every(complete)).toBe(true)

    const metrics = await scrape(supergraph.baseUrl)
    expect(
      total(metrics, 'gateway_circuit_breaker_transitions_total', { subgraph: 'labs', to: 'open' }),
    ).toBeGreaterThanOrEqual(1)
    expect(
      total(metrics, 'gateway_circuit_breaker_transitions_total', { subgraph: 'labs', to: 'half_open' }),
    ).toBeGreaterThanOrEqual(1)
    expect(
      total(metrics, 'gateway_circuit_breaker_transitions_total', { subgraph: 'labs', to: 'closed' }),
    ).toBeGreaterThanOrEqual(1)
    expect(total(metrics, 'gateway_subgraph_fast_failures_total', { subgraph: 'labs' })).toBeGreaterThanOrEqual(
      fast.length,
    )
    // The first refused connections were retried (queries only), within the retry budget.
    expect(total(metrics, 'gateway_subgraph_retries_total', { subgraph: 'labs' })).toBeGreaterThan(0)
    for (const other of ['patients', 'users', 'studies', 'epro'])
      expect([other, total(metrics, 'gateway_circuit_breaker_state', { subgraph: other })]).toEqual([other, 0])
    expect(supergraph.processes.gateway.output.some((line) => line.includes('circuit breaker opened'))).toBe(true)
  })
})

// A hung subgraph is the case the breaker saves most time in: each fetch would otherwise wait for
// its @deadline. Labs is made to hang (test-only fault injection: a 5 s pg_sleep before each of
// its operations); when every call misses a deadline it had a fair chance to meet, the breaker
// opens (here after five calls: GATEWAY_BREAKER_MIN_CALLS=5).
describe('a hung subgraph', () => {
  beforeAll(async () => {
    supergraph = await startSupergraphUnderTest({
      deadlines: true,
      subgraphEnv: { labs: { FAULT_SQL_DELAY_MS: '5000' } },
      gatewayEnv: {
        GATEWAY_BREAKER_COOLDOWN_MS: '60000',
        GATEWAY_BREAKER_MIN_CALLS: '5',
        RATE_LIMITS: 'off',
        REQUEST_DEADLINE_MS,
      },
    })
  })
  afterAll(async () => {
    await supergraph?.stop()
  })

  it('opens when every call misses its deadline; then the lab fields fail fast instead of waiting for it', async () => {
    const timedPost = async () => {
      const startedAt = performance.now()
      const { status, body } = await supergraph.post(QUERY, { id: subject.id })
      return { startedAt, ms: performance.now() - startedAt, status, body }
    }
    const waited = []
    for (let i = 0; i < 5; i++) waited.push(await timedPost())
    expect(waited.map((s) => s.body.errors?.[0]?.extensions?.code)).toEqual(Array(5).fill('DEADLINE_EXCEEDED'))
    expect(await breakerState('labs')).toBe(2)
    const fast = []
    for (let i = 0; i < 5; i++) fast.push(await timedPost())
    expect(fast.every(failedFast)).toBe(true)
    console.log(
      `hung labs: median ${Math.round(median(waited.map((s) => s.ms)))} ms while the deadline fired, ${Math.round(median(fast.map((s) => s.ms)))} ms once the breaker was open`,
    )
    expect(median(waited.map((s) => s.ms))).toBeGreaterThanOrEqual(LAB_FIELD_DEADLINE_MS - 50)
    // Failing fast saves most of the deadline the waiting calls spent (measured against them, so a
    // slow machine slows both sides).
    expect(median(fast.map((s) => s.ms))).toBeLessThan(median(waited.map((s) => s.ms)) - LAB_FIELD_DEADLINE_MS / 2)
  })
})

// Deadlines missed under load are the client's budget running out, not a broken subgraph. Labs
// answers in about 300 ms (an injected delay); bursts of requests whose client allowed only 250 ms
// (x-request-timeout-ms: a fair chance, yet missed) come between ordinary ones, six in a row each
// time — enough to open a breaker that counted runs of missed deadlines (five opened it before).
describe('deadlines missed under load', () => {
  beforeAll(async () => {
    supergraph = await startSupergraphUnderTest({
      deadlines: true,
      subgraphEnv: { labs: { FAULT_RESPONSE_DELAY_MS: '300' } },
      gatewayEnv: { RATE_LIMITS: 'off', REQUEST_DEADLINE_MS },
    })
  })
  afterAll(async () => {
    await supergraph?.stop()
  })

  it('never open the breaker: every request with time enough gets the lab fields', async () => {
    const post = (headers: Record<string, string> = {}) => supergraph.post(QUERY, { id: subject.id }, { headers })
    const ordinary: GraphQLResponse[] = []
    const tight: GraphQLResponse[] = []
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 10; i++) ordinary.push(await post())
      for (let i = 0; i < 6; i++) tight.push(await post({ 'x-request-timeout-ms': '250' }))
    }
    for (let i = 0; i < 10; i++) ordinary.push(await post())
    // The premise: the tight ones did miss their deadline (the subgraph had 250 ms, a fair chance).
    // A response without it is shown whole, so a failure says what came instead.
    const missedNot = tight.filter((r) => !r.body.errors?.some((e) => e.extensions?.code === 'DEADLINE_EXCEEDED'))
    expect(missedNot.map((r) => ({ status: r.status, body: r.body }))).toEqual([])
    expect(ordinary.filter((r) => r.status !== 200 || r.body.errors).map((r) => r.body.errors)).toEqual([])
    expect(await breakerState('labs')).toBe(0)
    const metrics = await scrape(supergraph.baseUrl)
    expect(total(metrics, 'gateway_circuit_breaker_transitions_total', { subgraph: 'labs', to: 'open' })).toBe(0)
  })
})
