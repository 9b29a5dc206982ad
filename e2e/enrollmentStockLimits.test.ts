import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { studyManager } from '../test/support/demoAccounts'
import {
  availableKits,
  requestEnrollment,
  screenAndEnroll,
  screenSubject,
  setSiteCap,
  settledEnrollments,
  siteNumbers,
  oncologySite,
} from './support/enrollmentFlow'
import { eventually } from '../test/support/eventually'
import { demoStockAt, quarantineKits, stockByArm } from './support/siteStock'

// Kits are what limits enrollment here, through the gateway on real Postgres and real Kafka:
// - a site with no kit of the arm its list draws next: the saga fails NO_KIT_AVAILABLE after the
//   slot was reserved, the slot is released (counts unchanged), no kit moves;
// - fifty enrollments at once racing for a site's last ten kits (the cap well above fifty), with
//   two inventory replicas allocating: exactly ten ENROLLED, forty FAILED with the reason, ten
//   distinct kits, counts exact.
// Each site's stock is arranged as its CRC would (quarantining kits), from inventory's demo rows,
// and the premise is checked with the unblinded pharmacist's per-arm counts.
jest.setTimeout(420_000)

const NO_KIT_SITE = oncologySite('103')
const RACE_SITE = oncologySite('104')
let supergraph: SupergraphUnderTest

beforeAll(async () => {
  // Rate limits off: fifty mutations from one CRC in a second is this suite's point, not abuse.
  supergraph = await startSupergraphUnderTest({ account: studyManager(), gatewayEnv: { RATE_LIMITS: 'off' } })
})
afterAll(() => supergraph?.stop())

const total = (stock: Record<string, { allocated: number; available: number }>, field: 'allocated' | 'available') =>
  Object.values(stock).reduce((sum, arm) => sum + arm[field], 0)

it('fails NO_KIT_AVAILABLE when the drawn arm has no kit at the site: the slot released, no kit moved', async () => {
  const { availableByArm, nextArms } = demoStockAt(NO_KIT_SITE.id)
  const drawn = nextArms[0]!
  await quarantineKits(supergraph, NO_KIT_SITE.id, availableByArm[drawn]!)
  const stock = await stockByArm(supergraph, NO_KIT_SITE.id)
  // The premise: the drawn arm has nothing to dispense, the other arm has kits.
  expect(stock[drawn]!.available).toBe(0)
  const otherArms = Object.keys(stock).filter((code) => code !== drawn)
  expect(otherArms.every((code) => stock[code]!.available > 0)).toBe(true)
  const before = await siteNumbers(supergraph, NO_KIT_SITE.id)
  const kitsBefore = await availableKits(supergraph, NO_KIT_SITE.id)
  expect(kitsBefore).toBe(total(stock, 'available'))

  const { patient } = await screenAndEnroll(supergraph, NO_KIT_SITE.id)
  expect(patient.enrollmentStatus).toBe('ENROLLMENT_FAILED')
  expect(patient.enrollment).toMatchObject({
    state: 'FAILED',
    kitNumber: null,
    randomizationNumber: null,
    failure: { code: 'NO_KIT_AVAILABLE', message: expect.any(String) },
    steps: [
      { name: 'ENROLLMENT_SLOT', status: 'RELEASED' },
      { name: 'KIT_ALLOCATION', status: 'REFUSED' },
    ],
  })
  // The message never names an arm: "no kit" reads the same whichever arm the list drew.
  expect(patient.enrollment!.failure!.message).not.toMatch(/\barm\b/i)
  expect(patient.visits.map((v) => v.visitType)).toEqual(['SCREENING'])

  // The slot was reserved, then released: the site's counts are as before. Not one kit moved.
  expect((await siteNumbers(supergraph, NO_KIT_SITE.id)).enrollment).toEqual(before.enrollment)
  expect(await availableKits(supergraph, NO_KIT_SITE.id)).toBe(kitsBefore)
  expect(await stockByArm(supergraph, NO_KIT_SITE.id)).toEqual(stock)
})

it('gives the last ten kits to exactly ten of fifty concurrent enrollments; forty fail with the reason', async () => {
  const { availableByArm, nextArms } = demoStockAt(RACE_SITE.id)
  // Ten kits left, exactly those of the arms the next ten list positions draw: the rest set aside.
  const needed: Record<string, number> = {}
  for (const arm of nextArms.slice(0, 10)) needed[arm] = (needed[arm] ?? 0) + 1
  const kept = Object.entries(needed).flatMap(([arm, n]) => availableByArm[arm]!.slice(0, n))
  expect(kept).toHaveLength(10) // the premise: the site stocks enough of each drawn arm
  const surplus = Object.values(availableByArm)
    .flat()
    .filter((kit) => !kept.includes(kit))
  await quarantineKits(supergraph, RACE_SITE.id, surplus)
  expect(await availableKits(supergraph, RACE_SITE.id)).toBe(10)
  const stockBefore = await stockByArm(supergraph, RACE_SITE.id)
  for (const [arm, n] of Object.entries(needed)) expect(stockBefore[arm]!.available).toBe(n)

  // The site's cap well above fifty more: kits, not slots, are the limit.
  const before = await siteNumbers(supergraph, RACE_SITE.id)
  expect(before.enrollment.inProgress).toBe(0)
  await setSiteCap(supergraph, RACE_SITE.id, before.enrollment.enrolled + 60)

  // A second inventory replica in the allocation group: allocations for the site run in two
  // processes at once, as production's replicas would, not one after another in one consumer.
  const second = await supergraph.startInstance('inventory', supergraph.sparePorts[0]!)
  const joined = (output: string[]) =>
    output.some((l) => l.includes('event consumer joined its group') && l.includes('inventory-allocation'))
  expect(await eventually(() => joined(second.output), Boolean, 60_000, 500)).toBe(true)

  const patientIds: string[] = []
  for (let i = 0; i < 50; i += 10)
    patientIds.push(...(await Promise.all(Array.from({ length: 10 }, () => screenSubject(supergraph, RACE_SITE.id)))))
  // All fifty at once through the gateway; each is accepted and goes on in the background.
  const accepted = await Promise.all(patientIds.map((id) => requestEnrollment(supergraph, id, RACE_SITE.id)))
  expect(accepted.every((status) => ['ENROLLING', 'ENROLLED', 'ENROLLMENT_FAILED'].includes(status))).toBe(true)

  const views = await settledEnrollments(supergraph, patientIds, RACE_SITE.id)
  const states = views.map((v) => v?.enrollment?.state ?? 'UNSETTLED')
  const enrolled = views.filter((v) => v?.enrollment?.state === 'ENROLLED')
  const failed = views.filter((v) => v?.enrollment?.state === 'FAILED')
  expect({ enrolled: enrolled.length, failed: failed.length }).toEqual({ enrolled: 10, failed: 40 })
  expect(states.filter((s) => s === 'UNSETTLED')).toEqual([])
  for (const view of failed) {
    expect(view!.enrollmentStatus).toBe('ENROLLMENT_FAILED')
    expect(view!.enrollment).toMatchObject({
      kitNumber: null,
      failure: { code: 'NO_KIT_AVAILABLE', message: expect.any(String) },
      steps: [
        { name: 'ENROLLMENT_SLOT', status: 'RELEASED' },
        { name: 'KIT_ALLOCATION', status: 'REFUSED' },
      ],
    })
  }
  // Ten distinct kits, each one of the ten kept; ten distinct list positions.
  const kits = enrolled.map((v) => v!.enrollment!.kitNumber!)
  expect(new Set(kits).size).toBe(10)
  expect([...kits].sort()).toEqual([...kept].sort())
  expect(new Set(enrolled.map((v) => v!.enrollment!.randomizationNumber)).size).toBe(10)
  for (const view of enrolled) expect(view!.enrollmentStatus).toBe('ENROLLED')

  // How the group spread the work (logged, not asserted: when the rebalance lands is the broker's).
  const handled = (output: string[]) => output.filter((l) => l.includes('allocation command handled')).length
  console.log(
    `allocation commands handled: ${handled(supergraph.processes.subgraphs.inventory.output)} by the first instance, ${handled(second.output)} by the second`,
  )

  // Counted exactly: ten more enrolled, nothing left in progress; no kit left, ten more allocated.
  const after = await siteNumbers(supergraph, RACE_SITE.id)
  expect(after.enrollment).toEqual({ enrolled: before.enrollment.enrolled + 10, inProgress: 0 })
  expect(await availableKits(supergraph, RACE_SITE.id)).toBe(0)
  const stockAfter = await stockByArm(supergraph, RACE_SITE.id)
  for (const [arm, n] of Object.entries(needed)) {
    expect(stockAfter[arm]).toMatchObject({
      available: 0,
      allocated: stockBefore[arm]!.allocated + n,
      quarantined: stockBefore[arm]!.quarantined,
    })
  }
  expect(total(stockAfter, 'allocated')).toBe(total(stockBefore, 'allocated') + 10)
})
