import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { SUBGRAPHS } from '../scripts/run/supergraphProcesses'
import { studyManager } from '../test/support/demoAccounts'
import { eventually } from '../test/support/eventually'
import {
  availableKits,
  enrollmentView,
  requestEnrollment,
  screenSubject,
  settledEnrollments,
  siteNumbers,
  oncologySite,
  restartPatientsWithStepTimeout,
} from './support/enrollmentFlow'
import { stockByArm } from './support/siteStock'
import { startOwnKafkaBroker, type OwnKafkaBroker } from './support/ownKafkaBroker'

// Kafka stopped for 30 s in the middle of enrollments: patients, studies and inventory (and every
// other subgraph) on the suite's own broker (scripts/services/kafka.sh on ports and a data folder
// of its own, as e2e/kafkaOutage does), so stopping it harms nobody. One subject's saga is under
// way when the broker stops; two more are enrolled while it is down (accepted, ENROLLING, stuck
// at their first step: certainly mid-saga). Once the broker is back, each saga ends ENROLLED, or
// FAILED with everything it held released, and the site's counts and stock are exactly right:
// one slot and one distinct kit per ENROLLED subject, nothing left in progress. Then an outage
// longer than the saga's step timeout: the sagas give up and compensate (their releases wait in
// the outbox behind their reservations), and end FAILED with nothing kept once the broker returns.
jest.setTimeout(480_000)

const OUTAGE_MS = 30_000
let broker: OwnKafkaBroker | undefined
const site = oncologySite('101')
let supergraph: SupergraphUnderTest

beforeAll(async () => {
  broker = await startOwnKafkaBroker('kafka-enrollment-outage')
  supergraph = await startSupergraphUnderTest({
    account: studyManager(),
    subgraphEnv: Object.fromEntries(SUBGRAPHS.map((name) => [name, { KAFKA_BROKERS: broker!.brokers }])),
  })
})
afterAll(async () => {
  await supergraph?.stop()
  broker?.remove()
})

const allocatedKits = async () =>
  Object.values(await stockByArm(supergraph, site.id)).reduce((sum, arm) => sum + arm.allocated, 0)

it('finishes every saga once the broker is back after 30 s: ENROLLED or compensated, counts and stock exact', async () => {
  // The saga path works on this broker (this also creates the topics before the outage).
  const warmUp = await screenSubject(supergraph, site.id)
  await requestEnrollment(supergraph, warmUp, site.id, 5000)
  expect((await settledEnrollments(supergraph, [warmUp], site.id, 90_000))[0]?.enrollment?.state).toBe('ENROLLED')

  const before = await siteNumbers(supergraph, site.id)
  const kitsBefore = await availableKits(supergraph, site.id)
  const allocatedBefore = await allocatedKits()
  const patientIds = await Promise.all([1, 2, 3].map(() => screenSubject(supergraph, site.id)))

  // The first saga starts, and the broker stops under it.
  expect(await requestEnrollment(supergraph, patientIds[0]!, site.id)).toBe('ENROLLING')
  broker!.stop()
  const stoppedAt = Date.now()
  expect(await broker!.reachable()).toBe(false)

  // Enrollments are still accepted: the saga and its first command wait in patients' outbox.
  for (const id of patientIds.slice(1)) expect(await requestEnrollment(supergraph, id, site.id)).toBe('ENROLLING')
  await new Promise((resolve) => setTimeout(resolve, 3000))
  for (const id of patientIds.slice(1)) {
    const view = await enrollmentView(supergraph, id, site.id)
    expect(view?.enrollment).toMatchObject({
      state: 'RESERVING_SLOT',
      steps: [
        { name: 'ENROLLMENT_SLOT', status: 'REQUESTED' },
        { name: 'KIT_ALLOCATION', status: 'NOT_STARTED' },
      ],
    })
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, stoppedAt + OUTAGE_MS - Date.now())))
  broker!.start() // back, after 30 s down
  console.log(`broker down for ${Date.now() - stoppedAt} ms`)

  const views = await settledEnrollments(supergraph, patientIds, site.id, 240_000)
  const states = views.map((v) => v?.enrollment?.state)
  console.log(`after the outage: ${states.join(', ')}`)
  expect(states.every((s) => s === 'ENROLLED' || s === 'FAILED')).toBe(true)
  const enrolled = views.filter((v) => v!.enrollment!.state === 'ENROLLED')
  for (const view of enrolled) {
    expect(view!.enrollmentStatus).toBe('ENROLLED')
    expect(view!.enrollment!.steps).toEqual([
      { name: 'ENROLLMENT_SLOT', status: 'CONFIRMED' },
      { name: 'KIT_ALLOCATION', status: 'HELD' },
    ])
  }
  for (const view of views.filter((v) => v!.enrollment!.state === 'FAILED')) {
    // Failed means compensated: nothing held at either participant.
    expect(view!.enrollmentStatus).toBe('ENROLLMENT_FAILED')
    expect(view!.enrollment!.kitNumber).toBeNull()
    for (const step of view!.enrollment!.steps) expect(['NOT_STARTED', 'REFUSED', 'RELEASED']).toContain(step.status)
  }

  // One slot and one distinct kit per ENROLLED subject; nothing counted twice, nothing left held.
  const kits = enrolled.map((v) => v!.enrollment!.kitNumber)
  expect(new Set(kits).size).toBe(enrolled.length)
  expect((await siteNumbers(supergraph, site.id)).enrollment).toEqual({
    enrolled: before.enrollment.enrolled + enrolled.length,
    inProgress: before.enrollment.inProgress,
  })
  expect(await availableKits(supergraph, site.id)).toBe(kitsBefore - enrolled.length)
  expect(await allocatedKits()).toBe(allocatedBefore + enrolled.length)
})

it('compensates the sagas an outage outlasts (step timeout 8 s): FAILED once the broker is back, nothing kept', async () => {
  const other = oncologySite('102')
  // patients again, with a step timeout well under the outage (the default, 120 s, outlasts it).
  await restartPatientsWithStepTimeout(supergraph, 8_000)
  const before = await siteNumbers(supergraph, other.id)
  const kitsBefore = await availableKits(supergraph, other.id)
  const patientIds = await Promise.all([1, 2].map(() => screenSubject(supergraph, other.id)))

  broker!.stop()
  const stoppedAt = Date.now()
  for (const id of patientIds) expect(await requestEnrollment(supergraph, id, other.id)).toBe('ENROLLING')
  // Timed out while the broker is down: the releases are queued behind the reservations.
  for (const id of patientIds) {
    const view = await eventually(
      () => enrollmentView(supergraph, id, other.id),
      (v) => v?.enrollment?.state === 'COMPENSATING',
      60_000,
      500,
    )
    expect(view?.enrollment?.steps).toEqual([
      { name: 'ENROLLMENT_SLOT', status: 'RELEASE_REQUESTED' },
      { name: 'KIT_ALLOCATION', status: 'NOT_STARTED' },
    ])
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, stoppedAt + OUTAGE_MS - Date.now())))
  broker!.start()

  // Studies reserves each slot late, then releases it; the saga is FAILED only once it is released.
  const views = await settledEnrollments(supergraph, patientIds, other.id, 240_000)
  for (const view of views) {
    expect(view?.enrollmentStatus).toBe('ENROLLMENT_FAILED')
    expect(view?.enrollment).toMatchObject({
      state: 'FAILED',
      kitNumber: null,
      failure: { code: 'PARTICIPANT_TIMEOUT', message: expect.any(String) },
      steps: [
        { name: 'ENROLLMENT_SLOT', status: 'RELEASED' },
        { name: 'KIT_ALLOCATION', status: 'NOT_STARTED' },
      ],
    })
  }
  expect((await siteNumbers(supergraph, other.id)).enrollment).toEqual(before.enrollment)
  expect(await availableKits(supergraph, other.id)).toBe(kitsBefore)
})
