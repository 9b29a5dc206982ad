import { operation } from './support/operations'
import { crcOfPatient } from '../test/support/demoAccounts'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { demoDataset } from '../demo-data'
import { diaryEntryInput } from '../test/support/diaryEntryInput'
import { eventually } from '../test/support/eventually'
import { startOwnKafkaBroker, type OwnKafkaBroker } from './support/ownKafkaBroker'

// A Kafka outage only delays alerts: with the broker stopped, diary entries are still accepted
// (their alert events wait in the outbox); once it is back, every alert arrives exactly once.
// The suite runs its own broker (scripts/services/kafka.sh on ports and a data folder of its own),
// so the outage is real and nobody else's broker is stopped.
jest.setTimeout(300_000)

let broker: OwnKafkaBroker | undefined
let supergraph: SupergraphUnderTest
const site = demoDataset().studies.sites[2]!
const patients = demoDataset()
  .patients.patients.filter((p) => p.siteId === site.id && p.enrollmentStatus === 'ENROLLED')
  .slice(0, 5)

beforeAll(async () => {
  broker = await startOwnKafkaBroker('kafka-outage')
  supergraph = await startSupergraphUnderTest({ subgraphEnv: { epro: { KAFKA_BROKERS: broker.brokers } } })
})
afterAll(async () => {
  await supergraph?.stop()
  broker?.remove()
})

const alertsOfSite = async () => {
  const { body } = await supergraph.post(
    'query($s: [ID!]!) { adverseEventAlerts(siteIds: $s, first: 500) { id submission { id } } }',
    { s: [site.id] },
  )
  return body.data!.adverseEventAlerts as { id: string; submission: { id: string } }[]
}

it('accepts entries while the broker is down and delivers each alert exactly once after it returns', async () => {
  broker!.stop()
  // The outage must be real: the suite's own broker is down.
  expect(await broker!.reachable()).toBe(false)
  const submissionIds: string[] = []
  let expectedAlerts = 0
  for (const patient of patients) {
    const input = diaryEntryInput(patient.id, 9)
    const { body } = await supergraph.post(operation('SubmitEproEntry'), { input }, { as: crcOfPatient(patient.id) })
    expect(body.errors).toBeUndefined()
    expect(body.data!.submitEproEntry.created).toBe(true)
    expectedAlerts += body.data!.submitEproEntry.safetySignals.length
    submissionIds.push(input.submissionId)
  }
  await new Promise((resolve) => setTimeout(resolve, 2000))
  expect((await alertsOfSite()).filter((a) => submissionIds.includes(a.submission.id))).toEqual([]) // nothing got through

  broker!.start() // the broker is back
  const back = performance.now()
  const deliveredNow = async () => (await alertsOfSite()).filter((a) => submissionIds.includes(a.submission.id))
  await eventually(deliveredNow, (alerts) => alerts.length >= expectedAlerts, 90_000, 250)
  console.log(
    `broker back (script returned) → all ${expectedAlerts} alerts stored: ${(performance.now() - back).toFixed(0)} ms`,
  )
  await new Promise((resolve) => setTimeout(resolve, 2000)) // would-be duplicates have had time to land
  const delivered = await deliveredNow()
  // Every entry's alerts (one per rule it broke), each exactly once.
  expect(new Set(delivered.map((a) => a.submission.id))).toEqual(new Set(submissionIds))
  expect(delivered).toHaveLength(expectedAlerts)
  expect(new Set(delivered.map((a) => a.id)).size).toBe(expectedAlerts)
})
