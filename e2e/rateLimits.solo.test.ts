import WebSocket from 'ws'
import { createClient } from 'graphql-ws'
import { operation } from './support/operations'
import { crcAt } from '../test/support/demoAccounts'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { scrape, scrapeMetrics, total } from '../test/support/prometheus'
import { demoDataset } from '../demo-data'
import { diaryEntryInput } from '../test/support/diaryEntryInput'
import { eventually } from '../test/support/eventually'

// Rate limits at the gateway with real processes: one CRC floods the site dashboard past the
// user's query limit and is refused with 429 RATE_LIMITED and a Retry-After, while the same CRC's
// diary submissions keep being recorded (mutations have their own bucket); after Retry-After the
// dashboard is served again. Small limits so that the suite is quick; the defaults are far higher.
jest.setTimeout(180_000)

const data = demoDataset()
const site = data.studies.sites[0]!
const crc = crcAt(site.id)
const patients = data.patients.patients.filter((p) => p.siteId === site.id && p.enrollmentStatus === 'ENROLLED')
let supergraph: SupergraphUnderTest

beforeAll(async () => {
  supergraph = await startSupergraphUnderTest({
    account: crc,
    gatewayEnv: {
      RATE_LIMIT_USER_QUERIES: '2,4',
      RATE_LIMIT_IP_ANONYMOUS: '1,2',
      RATE_LIMIT_CONNECTION_SUBSCRIBES: '1,1',
      // The gateway asks users for the CRC's grants version once here, not every 2 s of the flood:
      // an ask not answered within its 3 s (a loaded machine) refuses the request 503 (fail
      // closed), which the flood would count as a refusal other than 429. No role changes here.
      GATEWAY_GRANTS_FRESH_MS: '60000',
    },
  })
  await supergraph.tokenFor(crc) // signed in before the sign-in limit is tested
  // The grants version learnt before the flood (a served request; the bucket refills long before it).
  const warm = await eventually(dashboard, (answer) => answer.status === 200, 60_000, 1000)
  expect(warm.status).toBe(200)
})
afterAll(() => supergraph?.stop())

interface Answer {
  status: number
  retryAfter: string | null
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any> }[] }
}

/** POST with the response's Retry-After header too (the shared client returns status and body only). */
async function post(query: string, variables: Record<string, unknown>, signedIn = true): Promise<Answer> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(signedIn ? { authorization: `Bearer ${await supergraph.tokenFor(crc)}` } : {}),
  }
  const response = await fetch(supergraph.gatewayUrl, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  })
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Answer['body'],
  }
}

const dashboard = () => post(operation('SiteDashboard'), { siteId: site.id, first: 10 })
const submit = (patientId: string) => post(operation('SubmitEproEntry'), { input: diaryEntryInput(patientId, 3) })
const studiesFetches = async () =>
  total(await scrape(supergraph.baseUrl), 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'studies' })

it("refuses a dashboard flood past the user's limit with 429 RATE_LIMITED, while the same user's diary submissions are all recorded", async () => {
  const fetchesBefore = await studiesFetches()
  // Ten dashboard requests in flight at all times until every submission is answered.
  const answers: Answer[] = []
  let flooding = true
  const flooder = async () => {
    while (flooding) answers.push(await dashboard())
  }
  const started = performance.now()
  const flood = Promise.all(Array.from({ length: 10 }, flooder))
  const submissions: Answer[] = []
  for (const patient of patients.slice(0, 8)) submissions.push(await submit(patient.id))
  flooding = false
  await flood
  const seconds = Math.ceil((performance.now() - started) / 1000)

  for (const submission of submissions) {
    expect({
      status: submission.status,
      errors: submission.body.errors,
      created: submission.body.data?.submitEproEntry?.created,
    }).toEqual({ status: 200, errors: undefined, created: true })
  }
  const served = answers.filter((a) => a.status === 200)
  const refused = answers.filter((a) => a.status !== 200)
  console.log(
    `dashboard flood: ${answers.length} requests, ${served.length} served, ${refused.length} refused; ${submissions.length} submissions recorded`,
  )
  expect(served.length).toBeGreaterThanOrEqual(1)
  expect(refused.length).toBeGreaterThan(0)
  // 2 a second, plus a burst allowance of 4 renewed every 2 s: a slower run only serves fewer.
  expect(served.length).toBeLessThanOrEqual(2 * seconds + 4 * (seconds / 2 + 1) + 2)
  // Served means run: the page arrives (a field may still miss its @deadline on a busy machine).
  for (const answer of served)
    expect({
      site: answer.body.data?.site?.id,
      limited: answer.body.errors?.some((e) => e.extensions?.code === 'RATE_LIMITED') ?? false,
    }).toEqual({ site: site.id, limited: false })
  for (const answer of refused) {
    const error = answer.body.errors?.[0]
    expect({ status: answer.status, code: error?.extensions?.code, data: answer.body.data }).toEqual({
      status: 429,
      code: 'RATE_LIMITED',
      data: undefined,
    })
    expect(answer.retryAfter).toBe(String(error!.extensions!.retryAfterSeconds))
    expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1)
    expect(error!.message).toMatch(
      /^Too many queries for your account: the limit is 2 a second with bursts of 4\. Try again in \d+ s\./,
    )
  }
  // Nothing ran for a refused request: the studies subgraph (which owns `site`) was fetched once per served dashboard.
  expect((await studiesFetches()) - fetchesBefore).toBe(served.length)
  const samples = await scrape(supergraph.baseUrl)
  expect(total(samples, 'gateway_rate_limited_total', { scope: 'user', class: 'query' })).toBe(refused.length)
  expect(total(samples, 'gateway_rate_limited_total', { class: 'mutation' })).toBe(0)

  // After Retry-After, the dashboard is served again.
  const wait = Math.max(...refused.map((a) => Number(a.retryAfter)))
  await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100))
  const again = await dashboard()
  expect({ status: again.status, site: again.body.data?.site?.id }).toEqual({ status: 200, site: site.id })
  expect(again.body.data!.site.patients.edges).toHaveLength(10)
})

it('limits sign-in requests per client address', async () => {
  const signIn = () =>
    post(
      'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }',
      { e: 'nobody@example.org', p: 'wrong password' },
      false,
    )
  // All at once: one after another, a slow machine (each wrong password costs a scrypt hash) would
  // let the bucket refill between them. 1 a second, bursts of 2: at least 2 answered, some refused.
  const answers = await Promise.all(Array.from({ length: 6 }, () => signIn()))
  const codes = answers.map((a) => a.body.errors?.[0]?.extensions?.code)
  expect(codes.filter((c) => c === 'INVALID_CREDENTIALS').length).toBeGreaterThanOrEqual(2)
  expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(1)
  const refused = answers.find((a) => a.status === 429)!
  expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED' })
  expect(refused.body.errors![0]!.message).toMatch(/^Too many sign-in requests from your network address/)
  expect(
    total(await scrape(supergraph.baseUrl), 'gateway_rate_limited_total', { scope: 'ip', class: 'anonymous' }),
  ).toBeGreaterThanOrEqual(1)
})

it('refuses a subscription started past the per-connection limit, keeping the connection and its other subscriptions', async () => {
  const client = createClient({
    url: supergraph.gatewayUrl.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: supergraph.wsConnectionParams(),
  })
  const errors: unknown[] = []
  const subscribe = () =>
    client.subscribe(
      { query: operation('CrcAlertFeed'), variables: { siteIds: [site.id] } },
      { next: () => {}, error: (e) => void errors.push(e), complete: () => {} },
    )
  const gauges = async () => {
    const m = await scrapeMetrics(supergraph.baseUrl)
    return { connections: m.get('gateway_ws_connections'), subscriptions: m.get('gateway_subscriptions_active') }
  }
  const settlesAt = async (expected: { connections: number; subscriptions: number }) => {
    expect(await eventually(gauges, (now) => JSON.stringify(now) === JSON.stringify(expected), 30_000, 100)).toEqual(
      expected,
    )
  }
  try {
    subscribe()
    subscribe()
    subscribe() // 1 a second, bursts of 1: the third is refused
    await eventually(
      () => errors.length,
      (n) => n > 0,
      30_000,
      50,
    )
    const refusal = (errors[0] as { message: string; extensions: Record<string, any> }[])[0]!
    expect(refusal.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) })
    expect(refusal.message).toMatch(
      /^Too many subscriptions started on this connection: .* The connection and its other subscriptions stay open\.$/,
    )
    await settlesAt({ connections: 1, subscriptions: 2 })
    await new Promise((resolve) => setTimeout(resolve, refusal.extensions.retryAfterSeconds * 1000 + 100))
    subscribe()
    await settlesAt({ connections: 1, subscriptions: 3 })
    expect(errors).toHaveLength(1)
    expect(
      total(await scrape(supergraph.baseUrl), 'gateway_rate_limited_total', {
        scope: 'connection',
        class: 'subscribe',
      }),
    ).toBe(1)
  } finally {
    await client.dispose()
  }
})
