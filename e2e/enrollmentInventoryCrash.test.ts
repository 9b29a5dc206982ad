import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import type { ServiceProcess } from '../scripts/run/serviceProcess'
import { crcAt, studyManager } from '../test/support/demoAccounts'
import { eventually } from '../test/support/eventually'
import {
  availableKits,
  enrollmentView,
  requestEnrollment,
  screenSubject,
  settledEnrollment,
  siteNumbers,
  oncologySite,
  restartPatientsWithStepTimeout,
} from './support/enrollmentFlow'
import { demoStockAt, stockByArm } from './support/siteStock'
import { uuidFromName } from '../platform/ids'

// The inventory process dies mid-saga (SIGKILL: no shutdown, nothing flushed) and is restarted;
// the saga resumes and ends ENROLLED with exactly one kit and the counts right. The crash lands
// mid-saga by construction, never by timing:
// - inventory is killed first, then the subject enrolled: studies reserves the slot, and the
//   allocation command waits in Kafka until inventory is back;
// - inventory runs with FAULT_CRASH_POINT=inventory.allocation.afterCommit and kills itself right
//   after the allocation committed, before its reply is published or the command's offset
//   committed: after the restart the command is redelivered and finds the allocation stored (the
//   same kit, not a second one), and the reply that waited in the outbox goes out.
// Then inventory stays dead past the step timeout (patients restarted with 4 s): the saga gives
// up and compensates, FAILED only once inventory is back and has given back the kit it allocated.
jest.setTimeout(420_000)

let supergraph: SupergraphUnderTest
let inventory: ServiceProcess & { output: string[] }
let inventoryPort: number

beforeAll(async () => {
  supergraph = await startSupergraphUnderTest({ account: studyManager() })
  inventory = supergraph.processes.subgraphs.inventory
  inventoryPort = Number(new URL(inventory.spec.baseUrl).port)
})
afterAll(() => supergraph?.stop())

/** Inventory again on its port behind the gateway, with `env` on top of the suite's. */
async function restartInventory(env: NodeJS.ProcessEnv = {}) {
  inventory = await supergraph.startInstance('inventory', inventoryPort, env)
  // Answering through the gateway again (its breaker may still be open for a moment).
  await eventually(
    () => stockByArm(supergraph, oncologySite('101').id).catch(() => null),
    (stock) => stock !== null,
    60_000,
    500,
  )
}

/** What a test compares before and after: slot counts, dispensable kits, kits allocated (all arms). */
async function siteTotals(siteId: string) {
  const stock = await stockByArm(supergraph, siteId)
  return {
    enrollment: (await siteNumbers(supergraph, siteId)).enrollment,
    availableKits: await availableKits(supergraph, siteId),
    allocated: Object.values(stock).reduce((sum, arm) => sum + arm.allocated, 0),
  }
}

/** The saga's state as patients shows it, once it has got as far as `state`. */
const reaches = (patientId: string, siteId: string, state: string) =>
  eventually(
    () => enrollmentView(supergraph, patientId, siteId),
    (view) => view?.enrollment?.state === state,
    60_000,
    500,
  )

/** The one subject enrolled mid-crash ENROLLED, with one kit of the site's stock and nothing else moved. */
async function expectEnrolledOnce(patientId: string, siteId: string, before: Awaited<ReturnType<typeof siteTotals>>) {
  const settled = await settledEnrollment(supergraph, patientId, siteId, 120_000)
  expect(settled.enrollmentStatus).toBe('ENROLLED')
  expect(settled.enrollment).toMatchObject({
    state: 'ENROLLED',
    failure: null,
    steps: [
      { name: 'ENROLLMENT_SLOT', status: 'CONFIRMED' },
      { name: 'KIT_ALLOCATION', status: 'HELD' },
    ],
  })
  const { availableByArm } = demoStockAt(siteId)
  expect(Object.values(availableByArm).flat()).toContain(settled.enrollment!.kitNumber)
  expect(await siteTotals(siteId)).toEqual({
    enrollment: { enrolled: before.enrollment.enrolled + 1, inProgress: before.enrollment.inProgress },
    availableKits: before.availableKits - 1,
    allocated: before.allocated + 1,
  })
  // The subject holds exactly that one kit, as inventory shows it (once it learned of the subject).
  const kits = await eventually(
    async () =>
      (
        await supergraph.post(
          `query($id: ID!) { patient(id: $id) { kits { kitNumber status } } }`,
          { id: patientId },
          { as: crcAt(siteId) },
        )
      ).body,
    (body) => !!body.data?.patient?.kits,
    60_000,
    500,
  )
  expect(kits.data!.patient.kits).toEqual([{ kitNumber: settled.enrollment!.kitNumber, status: 'ALLOCATED' }])
}

it('resumes a saga whose allocation command waited while inventory was dead: ENROLLED, one kit', async () => {
  const site = oncologySite('101')
  const before = await siteTotals(site.id)
  await inventory.stop('SIGKILL')

  const patientId = await screenSubject(supergraph, site.id)
  expect(await requestEnrollment(supergraph, patientId, site.id)).toBe('ENROLLING')
  // Mid-saga: the slot is held, the allocation asked for and unanswered (inventory is dead).
  const waiting = await reaches(patientId, site.id, 'ALLOCATING_KIT')
  expect(waiting?.enrollment?.steps).toEqual([
    { name: 'ENROLLMENT_SLOT', status: 'HELD' },
    { name: 'KIT_ALLOCATION', status: 'REQUESTED' },
  ])
  expect((await siteNumbers(supergraph, site.id)).enrollment).toEqual({
    enrolled: before.enrollment.enrolled,
    inProgress: before.enrollment.inProgress + 1,
  })

  await restartInventory()
  await expectEnrolledOnce(patientId, site.id, before)
})

it('resumes a saga whose inventory died after committing the allocation, before replying: the same kit, once', async () => {
  const site = oncologySite('102')
  const before = await siteTotals(site.id)
  await inventory.stop('SIGKILL')
  await restartInventory({ FAULT_CRASH_POINT: 'inventory.allocation.afterCommit' })
  const crashing = inventory

  const patientId = await screenSubject(supergraph, site.id)
  expect(await requestEnrollment(supergraph, patientId, site.id)).toBe('ENROLLING')
  // Inventory takes the command, commits the allocation and dies there (by its own SIGKILL).
  let timer: NodeJS.Timeout | undefined
  const exit = await Promise.race([
    crashing.exited.then(() => crashing.child.signalCode),
    new Promise((resolve) => (timer = setTimeout(() => resolve('still running after 120 s'), 120_000))),
  ])
  clearTimeout(timer)
  expect(exit).toBe('SIGKILL')
  // Its reply never left the outbox: the saga still waits for the allocation.
  const waiting = await enrollmentView(supergraph, patientId, site.id)
  expect(waiting?.enrollment?.state).toBe('ALLOCATING_KIT')

  await restartInventory()
  // The restarted instance gets the command again (its offset was never committed) once it has
  // joined the group, possibly after the saga is ENROLLED (the relay sends the stored reply at
  // once): it answers from the stored allocation. Only then are the numbers final.
  const sagaId = uuidFromName(`enroll:${patientId}:1`)
  const handled = (output: string[]) =>
    output.filter((l) => l.includes(sagaId) && l.includes('allocation command handled'))
  expect(handled(crashing.output)).toEqual([])
  const again = await eventually(
    () => handled(inventory.output),
    (lines) => lines.length > 0,
    90_000,
    500,
  )
  expect(again).toHaveLength(1)
  expect(again[0]).toContain('ALLOCATED')
  await expectEnrolledOnce(patientId, site.id, before)
})

it('gives up on an inventory dead past the step timeout: compensated, and the kit it allocates on return goes back', async () => {
  const site = oncologySite('103')
  // patients again, with a step timeout far shorter than inventory's absence (the default is 120 s).
  await restartPatientsWithStepTimeout(supergraph, 4_000)
  const before = await siteTotals(site.id)
  await inventory.stop('SIGKILL')

  const patientId = await screenSubject(supergraph, site.id)
  expect(await requestEnrollment(supergraph, patientId, site.id)).toBe('ENROLLING')
  // The allocation timed out: the slot is given back at once, the kit's release waits for inventory.
  const compensating = await eventually(
    () => enrollmentView(supergraph, patientId, site.id),
    (view) => view?.enrollment?.steps[0]?.status === 'RELEASED',
    60_000,
    500,
  )
  expect(compensating?.enrollment).toMatchObject({
    state: 'COMPENSATING',
    steps: [
      { name: 'ENROLLMENT_SLOT', status: 'RELEASED' },
      { name: 'KIT_ALLOCATION', status: 'RELEASE_REQUESTED' },
    ],
  })
  expect((await siteNumbers(supergraph, site.id)).enrollment).toEqual(before.enrollment)

  await restartInventory()
  const settled = await settledEnrollment(supergraph, patientId, site.id, 120_000)
  expect(settled.enrollmentStatus).toBe('ENROLLMENT_FAILED')
  expect(settled.enrollment).toMatchObject({
    state: 'FAILED',
    kitNumber: null,
    failure: { code: 'PARTICIPANT_TIMEOUT', message: expect.any(String) },
    steps: [
      { name: 'ENROLLMENT_SLOT', status: 'RELEASED' },
      { name: 'KIT_ALLOCATION', status: 'RELEASED' },
    ],
  })
  // Inventory, back, ran the queued allocation (a kit taken) and then its release (the kit back).
  const sagaId = uuidFromName(`enroll:${patientId}:1`)
  const lines = inventory.output.filter((l) => l.includes(sagaId))
  expect(lines.some((l) => l.includes('allocation command handled') && l.includes('ALLOCATED'))).toBe(true)
  expect(lines.some((l) => l.includes('allocation released'))).toBe(true)
  expect(await siteTotals(site.id)).toEqual(before)
})
