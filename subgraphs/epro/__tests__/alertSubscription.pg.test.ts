import crypto from 'node:crypto'
import WebSocket from 'ws'
import { createClient, type Client } from 'graphql-ws'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { eproSubgraph } from '../subgraph'
import { createEproContext } from '../context'
import type { EproPrisma } from '../data/prismaClient'
import type { EproBackground } from '../events/eproBackground'
import * as f from './fixtures'
import { gatewayConnectionParams, gatewaySubscriptionExtensions } from '../../../test/support/gatewayCredentials'
import { eventually } from '../../../test/support/eventually'

// The alert feed of the epro subgraph over graphql-ws, with a real client: live delivery scoped to
// the subscriber's sites, resume from a cursor without duplicates or gaps, acknowledgement, and
// no listener left behind when clients go.
jest.setTimeout(60_000)

const OTHER_SITE = '5e000000-0000-4000-8000-000000000099'
const clock = { now: new Date('2026-11-21T19:00:00Z') }
let subgraph: SubgraphUnderTest<EproPrisma, EproBackground>
const clients: Client[] = []

beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(
    {
      ...eproSubgraph,
      createContext: (prisma, scope, background) =>
        createEproContext(prisma, scope, background, { now: () => clock.now }),
    },
    f.seedFixtures,
    {},
    f.SITE_CRC,
  )
})
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()))
  await subgraph?.stop()
})

const wsClient = () => {
  // Playing the gateway: its connection carries a gateway assertion, each subscription its user's.
  const client = createClient({
    url: subgraph.url.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: () => gatewayConnectionParams('epro'),
  })
  clients.push(client)
  return client
}

interface AlertEvent {
  id: string
  cursor: string
  rule: string
  severity: string
  summary: string
  patient: { id: string }
  site: { id: string }
  submission: { painScore: number } | null
  status: string
}
const ALERTS = `subscription($sites: [ID!]!, $after: String) { adverseEventAlerts(siteIds: $sites, after: $after) { id cursor rule severity summary status patient { id } site { id } submission { painScore } } }`

/** Collects a subscription's events; `until(n)` waits for n of them. */
async function collect(client: Client, variables: Record<string, unknown>) {
  const extensions = await gatewaySubscriptionExtensions('epro', subgraph.identity)
  const events: AlertEvent[] = []
  const errors: unknown[] = []
  let notify = () => {}
  const unsubscribe = client.subscribe<{ adverseEventAlerts: AlertEvent }>(
    { query: ALERTS, variables, extensions },
    {
      next: (result) => {
        if (result.errors) errors.push(result.errors)
        if (result.data) events.push(result.data.adverseEventAlerts)
        notify()
      },
      error: (error) => errors.push(error),
      complete: () => {},
    },
  )
  const until = (n: number, timeoutMs = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`got ${events.length} of ${n} alerts; errors: ${JSON.stringify(errors)}`)),
        timeoutMs,
      )
      const check = () => events.length >= n && (clearTimeout(timer), resolve())
      notify = check
      check()
    })
  return { events, errors, until, unsubscribe }
}

let patientIndex = 0
const submitPain = (painScore: number) =>
  subgraph.post('mutation($i: SubmitEproEntryInput!) { submitEproEntry(input: $i) { safetySignals { rule } } }', {
    i: {
      submissionId: crypto.randomUUID(),
      patientId: f.BULK_PATIENTS[patientIndex++]!,
      entryDate: '2026-11-21',
      painScore,
      deviceTimestamp: '2026-11-21T18:50:00Z',
    },
  })

/** The errors a subscription was refused with, once it has been (JSON, for matching). */
const refusalOf = async (subscription: { errors: unknown[] }) =>
  JSON.stringify(
    await eventually(
      () => subscription.errors,
      (errors) => errors.length > 0,
      20_000,
      20,
    ),
  )
/** The alert feed's listeners: one per live subscription. */
const listeners = () => subgraph.background!.alerts.feed.listenerCount()
/** Waits until the feed has `count` listeners (a subscription is live once its listener is), and returns how many it has. */
const listening = (count: number) => eventually(listeners, (n) => n === count, 20_000, 20)

// Waits are for conditions, not fixed times, so a loaded machine only makes them longer; how fast
// alerts travel is measured by e2e/alertFanOut and the benchmarks.
describe('adverseEventAlerts subscription', () => {
  it("delivers a pain-9 alert to the site's subscriber; another site's feed is refused", async () => {
    const baseline = listeners()
    const mine = await collect(wsClient(), { sites: [f.SITE] })
    // The CRC works at f.SITE only: a feed of another site is refused when it starts, no listener.
    const other = await collect(wsClient(), { sites: [OTHER_SITE] })
    expect(await refusalOf(other)).toMatch(/FORBIDDEN/)
    expect(await listening(baseline + 1)).toBe(baseline + 1) // mine is live
    const started = performance.now()
    await submitPain(9)
    await mine.until(1)
    console.log(`pain-9 entry → alert frame: ${(performance.now() - started).toFixed(0)} ms`)
    expect(mine.events[0]).toMatchObject({
      rule: 'PAIN_SEVERE',
      severity: 'SEVERE',
      status: 'OPEN',
      site: { id: f.SITE },
      submission: { painScore: 9 },
    })
    expect(other.events).toEqual([])
    mine.unsubscribe()
    other.unsubscribe()
    expect(await listening(baseline)).toBe(baseline)
  })

  it('resumes from a cursor: exactly the missed alerts, then live ones, no duplicates', async () => {
    const baseline = listeners()
    const first = await collect(wsClient(), { sites: [f.SITE] })
    expect(await listening(baseline + 1)).toBe(baseline + 1)
    await submitPain(10)
    await first.until(1)
    const cursor = first.events[0]!.cursor
    first.unsubscribe()
    // Missed while away:
    await submitPain(8)
    await submitPain(9)
    await new Promise((resolve) => setTimeout(resolve, 500)) // stored by the pipeline
    const resumed = await collect(wsClient(), { sites: [f.SITE], after: cursor })
    await resumed.until(2)
    await submitPain(10) // and then live
    await resumed.until(3)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(resumed.events).toHaveLength(3)
    expect(new Set(resumed.events.map((e) => e.id)).size).toBe(3)
    expect(resumed.events.map((e) => e.cursor)).toEqual([...resumed.events.map((e) => e.cursor)].sort())
    resumed.unsubscribe()
    expect(await listening(baseline)).toBe(baseline)
  })

  it('leaves no listener behind when clients complete or disconnect', async () => {
    const baseline = listeners()
    const a = await collect(wsClient(), { sites: [f.SITE] })
    const client = wsClient()
    await collect(client, { sites: [f.SITE] })
    expect(await listening(baseline + 2)).toBe(baseline + 2)
    a.unsubscribe()
    await client.dispose()
    expect(await listening(baseline)).toBe(baseline)
  })

  it('rejects a malformed site id with BAD_USER_INPUT', async () => {
    const bad = await collect(wsClient(), { sites: ['site-101'] })
    expect(await refusalOf(bad)).toMatch(/BAD_USER_INPUT/)
  })
})

describe('acknowledgeAdverseEventAlert', () => {
  const ACK =
    'mutation($a: ID!, $u: ID!) { acknowledgeAdverseEventAlert(alertId: $a, acknowledgedBy: $u) { status acknowledgedBy { id } acknowledgedAt } }'
  const CRC = 'c0000000-0000-4000-8000-000000000007'

  it('records who acknowledged and when, and keeps the first acknowledgement', async () => {
    const [alert] = await subgraph.prisma.adverseEventAlert.findMany({ take: 1 })
    const first = await subgraph.post(ACK, { a: alert!.id, u: CRC })
    expect(first.body.data!.acknowledgeAdverseEventAlert).toEqual({
      status: 'ACKNOWLEDGED',
      acknowledgedBy: { id: CRC },
      acknowledgedAt: clock.now.toISOString(),
    })
    // A colleague acknowledging later changes nothing: the first acknowledgement stands.
    const colleague = { ...f.SITE_CRC, userId: 'c0000000-0000-4000-8000-000000000008' }
    const again = await subgraph.post(ACK, { a: alert!.id, u: colleague.userId }, {}, colleague)
    expect(again.body.data!.acknowledgeAdverseEventAlert.acknowledgedBy).toEqual({ id: CRC })
  })

  it("lets no one acknowledge in another user's name, nor an alert of another site; unknown alerts alike", async () => {
    const [alert] = await subgraph.prisma.adverseEventAlert.findMany({ take: 1 })
    const inOthersName = await subgraph.post(ACK, { a: alert!.id, u: 'c0000000-0000-4000-8000-000000000009' })
    expect(inOthersName.body.errors![0]!.extensions!.code).toBe('FORBIDDEN')
    const elsewhere = {
      ...f.SITE_CRC,
      grants: [{ role: 'CRC' as const, studyId: f.STUDY, siteId: OTHER_SITE, patientId: null }],
    }
    expect(
      (await subgraph.post(ACK, { a: alert!.id, u: elsewhere.userId }, {}, elsewhere)).body.errors![0]!.extensions!
        .code,
    ).toBe('FORBIDDEN')
    const { body } = await subgraph.post(ACK, { a: crypto.randomUUID(), u: CRC })
    expect(body.errors![0]!.extensions!.code).toBe('FORBIDDEN')
  })
})
