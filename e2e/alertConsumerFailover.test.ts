import WebSocket from 'ws'
import { createClient, type Client } from 'graphql-ws'
import { operation } from './support/operations'
import { crcOfPatient, dataManagerOf } from '../test/support/demoAccounts'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import type { ServiceProcess } from '../scripts/run/serviceProcess'
import { demoDataset } from '../demo-data'
import {
  gatewayConnectionParams,
  gatewaySubscriptionExtensions,
  identityWith,
} from '../test/support/gatewayCredentials'
import { diaryEntryInput } from '../test/support/diaryEntryInput'
import { eventually } from '../test/support/eventually'
import { feedEnd } from './support/storedAlerts'

// Two epro instances share one database and the alert consumer group, as replicas in production
// do. Each alert is stored by the instance owning its partition, yet the subscribers of both
// instances see every alert once. Then one instance is killed (SIGKILL, mid-stream: it may die
// between storing an alert and committing its offset, or while publishing the outbox) and
// restarted: no alert is lost, none is stored or delivered twice.
jest.setTimeout(300_000)

const data = demoDataset()
const sites = [data.studies.sites[4]!, data.studies.sites[5]!]
const siteIds = sites.map((s) => s.id)
const patients = data.patients.patients.filter((p) => siteIds.includes(p.siteId) && p.enrollmentStatus === 'ENROLLED')
let supergraph: SupergraphUnderTest
let second: ServiceProcess & { output: string[] }
let secondPort: number
const clients: Client[] = []
const ALERT_IDS =
  'subscription($s: [ID!]!, $after: String) { adverseEventAlerts(siteIds: $s, after: $after) { id cursor } }'

const submit = async (patientId: string) => {
  const { body } = await supergraph.post(
    operation('SubmitEproEntry'),
    {
      input: diaryEntryInput(patientId, 9),
    },
    { as: crcOfPatient(patientId) },
  )
  expect(body.errors).toBeUndefined()
  return body.data!.submitEproEntry.safetySignals.length as number
}
const storedAlerts = async () => {
  const { body } = await supergraph.post('query($s: [ID!]!) { adverseEventAlerts(siteIds: $s, first: 500) { id } }', {
    s: siteIds,
  })
  return (body.data!.adverseEventAlerts as { id: string }[]).map((a) => a.id)
}
const storedBy = (output: string[]) => output.filter((line) => line.includes('adverse-event alert stored')).length

/** Alert ids received by a subscription, at the gateway or directly at one epro instance. */
function watch(url: string, query: string, variables: Record<string, unknown>) {
  // At the gateway as a signed-in CRC screen; straight at an epro instance as the gateway would.
  const atGateway = url === supergraph.gatewayUrl
  const client = createClient({
    url: url.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: atGateway ? supergraph.wsConnectionParams() : () => gatewayConnectionParams('epro'),
  })
  clients.push(client)
  const received: { id: string; cursor: string }[] = []
  let ended = false
  void (
    atGateway
      ? Promise.resolve(undefined)
      : gatewaySubscriptionExtensions('epro', identityWith({ role: 'DATA_MANAGER', studyId: sites[0]!.studyId }))
  ).then((extensions) =>
    client.subscribe(
      { query, variables, extensions },
      {
        next: (r) => void (r.data && received.push((r.data as any).adverseEventAlerts)),
        error: () => (ended = true),
        complete: () => (ended = true),
      },
    ),
  )
  return { received, ended: () => ended, close: () => client.dispose() }
}

beforeAll(async () => {
  // The rheumatology study's data manager watches its two sites (the CRCs enter the diaries).
  supergraph = await startSupergraphUnderTest({ account: dataManagerOf(sites[0]!.studyId) })
  secondPort = supergraph.sparePorts[1]!
  second = await supergraph.startInstance('epro', secondPort)
  // Both consumers in the group with partitions of their own, and the pipeline running.
  await eventually(() => second.output.some((l) => l.includes('event consumer joined its group')), Boolean, 60_000)
  const warmUp = await submit(patients.at(-1)!.id)
  await eventually(storedAlerts, (ids) => ids.length >= warmUp, 60_000)
})
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()))
  await supergraph?.stop()
})

it('gives the subscribers of every instance every alert once, whichever instance stored it', async () => {
  // From the feed's end: an alert stored before a subscription reaches its instance comes as backlog.
  const from = await feedEnd(supergraph, siteIds)
  const atGateway = watch(supergraph.gatewayUrl, operation('CrcAlertFeed'), { siteIds, after: from })
  const atSecond = watch(`http://127.0.0.1:${secondPort}/graphql`, ALERT_IDS, { s: siteIds, after: from })
  const storedBefore = [storedBy(supergraph.processes.subgraphs.epro.output), storedBy(second.output)]
  let expected = 0
  for (const patient of patients.slice(0, 12)) expected += await submit(patient.id)
  await eventually(
    () => atGateway.received.length + atSecond.received.length,
    (n) => n >= 2 * expected,
    60_000, // ends a hung wait: a batch of alerts through the pipeline, on a loaded machine
  )
  await new Promise((resolve) => setTimeout(resolve, 1000)) // would-be duplicates have had time
  const stored = await storedAlerts()
  for (const watcher of [atGateway, atSecond]) {
    expect(watcher.received.map((a) => a.id).sort()).toEqual(stored.slice(-expected).sort())
  }
  // The premise: both instances' consumers stored some of them (the group spread the partitions).
  expect(storedBy(supergraph.processes.subgraphs.epro.output) - storedBefore[0]!).toBeGreaterThan(0)
  expect(storedBy(second.output) - storedBefore[1]!).toBeGreaterThan(0)
  await Promise.all([atGateway.close(), atSecond.close()])
})

it('loses and duplicates nothing when an instance is killed mid-stream and restarted', async () => {
  const before = new Set(await storedAlerts())
  const from = await feedEnd(supergraph, siteIds)
  const atGateway = watch(supergraph.gatewayUrl, operation('CrcAlertFeed'), { siteIds, after: from })
  const atSecond = watch(`http://127.0.0.1:${secondPort}/graphql`, ALERT_IDS, { s: siteIds, after: from })
  let expected = 0
  const batch = patients.slice(12, 42)
  for (const [i, patient] of batch.entries()) {
    expected += await submit(patient.id)
    if (i === 9) await second.stop('SIGKILL') // while alerts are flowing through it
  }
  expect(atSecond.ended()).toBe(true)
  second = await supergraph.startInstance('epro', secondPort)

  // Every alert stored, each exactly once (its partitions moved to the survivor, then back).
  const fresh = () => storedAlerts().then((ids) => ids.filter((id) => !before.has(id)))
  await eventually(fresh, (ids) => ids.length >= expected, 90_000)
  await new Promise((resolve) => setTimeout(resolve, 3000))
  const stored = await fresh()
  expect(stored).toHaveLength(expected)
  expect(new Set(stored).size).toBe(expected)

  // The gateway's subscriber (on the surviving instance) saw each once, in feed order.
  await eventually(
    () => atGateway.received.length,
    (n) => n >= expected,
    60_000,
  )
  expect(atGateway.received.map((a) => a.id).sort()).toEqual([...stored].sort())
  expect(atGateway.received.map((a) => a.id)).toEqual(stored)

  // The killed instance's subscriber reconnects to the new one with its last cursor: the rest, once.
  const lastSeen = atSecond.received.at(-1)?.cursor ?? from
  const resumed = watch(`http://127.0.0.1:${secondPort}/graphql`, ALERT_IDS, { s: siteIds, after: lastSeen })
  await eventually(
    () => atSecond.received.length + resumed.received.length,
    (n) => n >= expected,
    60_000,
  )
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const seenBySecond = [...atSecond.received, ...resumed.received].map((a) => a.id)
  expect(seenBySecond).toEqual(stored)
  console.log(
    `instance killed after 10 of ${batch.length} entries: ${expected} alerts stored once each; survivor's subscriber got ${atGateway.received.length}; the killed one's got ${atSecond.received.length}, then ${resumed.received.length} on resuming`,
  )
})
