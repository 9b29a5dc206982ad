import crypto from 'node:crypto'
import { inventorySubgraph } from '../subgraph'
import type { InventoryPrisma } from '../data/prismaClient'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import { randomizeAndAllocate } from '../allocation/randomizeAndAllocate'
import { ARMS, nextArms, seedInventoryFixtures, SENTINELS, SITE, STUDY, stockKits } from './inventoryFixtures'

// Shipments, receipt, dispensing, returns and quarantine through the subgraph's API, as the
// pharmacist and the site's CRC; every blinded response is searched for the arm sentinels.
let inventory: SubgraphUnderTest<InventoryPrisma>
const DEPOT = 'f0000000-0000-4000-8000-000000000001'
const PATIENT = 'e0000000-0000-4000-8000-000000000011'
const OTHER = 'e0000000-0000-4000-8000-000000000012'
const VISIT = { baseline: crypto.randomUUID(), week4: crypto.randomUUID(), otherBaseline: crypto.randomUUID() }
const CRC = identityWith({ role: 'CRC', studyId: STUDY, siteId: SITE })
const PHARMACIST = identityWith({ role: 'UNBLINDED_PHARMACIST', studyId: STUDY })

beforeAll(async () => {
  inventory = await startSubgraphUnderTest(
    inventorySubgraph,
    async (prisma) => {
      await seedInventoryFixtures(prisma)
      await prisma.depot.create({ data: { id: DEPOT, code: 'EU-T', name: 'Test depot', country: 'DE' } })
      for (const arm of ARMS) {
        await stockKits(prisma, arm.id, 3, { siteId: null, depotId: DEPOT, status: 'AT_DEPOT' })
        await stockKits(prisma, arm.id, 1, { siteId: null, depotId: DEPOT, status: 'AT_DEPOT', expiresInDays: 10 })
      }
      await prisma.subject.createMany({
        data: [
          { patientId: PATIENT, studyId: STUDY, siteId: SITE, subjectNumber: '101-011' },
          { patientId: OTHER, studyId: STUDY, siteId: SITE, subjectNumber: '101-012' },
        ],
      })
      await prisma.subjectVisit.createMany({
        data: [
          { visitId: VISIT.baseline, patientId: PATIENT, visitType: 'BASELINE' },
          { visitId: VISIT.week4, patientId: PATIENT, visitType: 'TREATMENT' },
          { visitId: VISIT.otherBaseline, patientId: OTHER, visitType: 'BASELINE' },
        ],
      })
    },
    {},
    CRC,
  )
}, 60_000)
afterAll(() => inventory?.stop())

const code = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions?.code
const leaked = (body: unknown) => SENTINELS.filter((s) => JSON.stringify(body).includes(s))
const STOCK = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Site { stock { availableKits } } } }`
const available = async () =>
  (
    (await inventory.post(STOCK, { r: [{ __typename: 'Site', id: SITE }] })).body.data as {
      _entities: { stock: { availableKits: number } }[]
    }
  )._entities[0]!.stock.availableKits

const CREATE = `mutation($i: CreateShipmentInput!) { createShipment(input: $i) { id shipmentNumber status kits { kitNumber condition } } }`
const SHIP = `mutation($id: ID!) { markShipmentShipped(shipmentId: $id) { status shippedAt } }`
const RECEIVE = `mutation($i: ReceiveShipmentInput!) { receiveShipment(input: $i) { status receivedAt kits { kitNumber condition } } }`

test('a shipment: created first expiry first by the pharmacist, shipped, received with a damaged and a missing kit; only the good kits become available', async () => {
  const input = {
    studyId: STUDY,
    depotId: DEPOT,
    siteId: SITE,
    quantities: ARMS.map((a) => ({ armCode: a.code, kits: 2 })),
  }
  expect(code((await inventory.post(CREATE, { i: input })).body)).toBe('FORBIDDEN')
  const tooMany = { ...input, quantities: [{ armCode: ARMS[0].code, kits: 4 }] }
  // Three shippable kits of the arm: the fourth expires inside the do-not-dispense window.
  expect(code((await inventory.post(CREATE, { i: tooMany }, {}, PHARMACIST)).body)).toBe('INSUFFICIENT_DEPOT_STOCK')

  const created = (await inventory.post(CREATE, { i: input }, {}, PHARMACIST)).body
  expect(created.errors).toBeUndefined()
  const shipment = (created.data as { createShipment: { id: string; kits: { kitNumber: string }[] } }).createShipment
  expect(shipment.kits).toHaveLength(4)
  expect(code((await inventory.post(RECEIVE, { i: { shipmentId: shipment.id } })).body)).toBe(
    'SHIPMENT_TRANSITION_NOT_ALLOWED',
  )
  expect((await inventory.post(SHIP, { id: shipment.id }, {}, PHARMACIST)).body.data).toMatchObject({
    markShipmentShipped: { status: 'SHIPPED' },
  })

  const before = await available()
  const [damaged, missing] = shipment.kits.map((k) => k.kitNumber)
  const stranger = await inventory.post(RECEIVE, { i: { shipmentId: shipment.id, damagedKitNumbers: ['999999'] } })
  expect(code(stranger.body)).toBe('KIT_NOT_IN_SHIPMENT')
  const received = await inventory.post(RECEIVE, {
    i: { shipmentId: shipment.id, damagedKitNumbers: [damaged], missingKitNumbers: [missing] },
  })
  expect(received.body.errors).toBeUndefined()
  expect(leaked(received.body)).toEqual([])
  const conditions = (received.body.data as { receiveShipment: { kits: { kitNumber: string; condition: string }[] } })
    .receiveShipment.kits
  expect(conditions.find((k) => k.kitNumber === damaged)!.condition).toBe('DAMAGED')
  expect(conditions.find((k) => k.kitNumber === missing)!.condition).toBe('MISSING')
  expect(conditions.filter((k) => k.condition === 'GOOD')).toHaveLength(2)
  expect(await available()).toBe(before + 2)
  expect(await inventory.prisma.kit.count({ where: { status: { in: ['DAMAGED', 'MISSING'] } } })).toBe(2)
})

const DISPENSE = `mutation($i: DispenseKitInput!) { dispenseKit(input: $i) { kitNumber status dispensedAt } }`
const RETURN = `mutation($i: ReturnKitInput!) { returnKit(input: $i) { kitNumber status returnedAt } }`
const QUARANTINE = `mutation($s: ID!, $k: [String!]!) { quarantineKits(siteId: $s, kitNumbers: $k, reason: "temperature excursion") { kitNumber status } }`

test('dispensing: the allocated kit at baseline, a kit of the same treatment later; refusals name no arm; returns and quarantine', async () => {
  const prisma = inventory.prisma
  for (const armId of await nextArms(prisma, 2)) await stockKits(prisma, armId, 1)
  // Two more of each arm, so a later visit has a kit of either treatment whatever the receipt left.
  for (const arm of ARMS) await stockKits(prisma, arm.id, 2)
  const mine = await randomizeAndAllocate(prisma, {
    sagaId: crypto.randomUUID(),
    patientId: PATIENT,
    studyId: STUDY,
    siteId: SITE,
  })
  await randomizeAndAllocate(prisma, { sagaId: crypto.randomUUID(), patientId: OTHER, studyId: STUDY, siteId: SITE })
  expect(mine.status).toBe('ALLOCATED')

  const wrongVisit = await inventory.post(DISPENSE, { i: { patientId: PATIENT, visitId: VISIT.otherBaseline } })
  expect(code(wrongVisit.body)).toBe('KIT_NOT_DISPENSABLE')
  expect(leaked(wrongVisit.body)).toEqual([])
  const baseline = await inventory.post(DISPENSE, { i: { patientId: PATIENT, visitId: VISIT.baseline } })
  expect(baseline.body.data).toMatchObject({
    dispenseKit: { kitNumber: mine.status === 'ALLOCATED' && mine.kitNumber, status: 'DISPENSED' },
  })

  // The other subject's allocated kit now expires inside the do-not-dispense window: refused.
  await prisma.kit.updateMany({
    where: { patientId: OTHER },
    data: { expiresOn: new Date(Date.now() + 3 * 86_400_000) },
  })
  expect(code((await inventory.post(DISPENSE, { i: { patientId: OTHER, visitId: VISIT.otherBaseline } })).body)).toBe(
    'KIT_NOT_DISPENSABLE',
  )

  const entry = await prisma.randomizationEntry.findUniqueOrThrow({ where: { patientId: PATIENT } })
  const sameArm = await prisma.kit.findMany({ where: { siteId: SITE, status: 'AVAILABLE' } })
  const treatments = await prisma.kitTreatment.findMany({ where: { kitId: { in: sameArm.map((k) => k.id) } } })
  const ofArm = sameArm.filter((k) => treatments.some((t) => t.kitId === k.id && t.armId === entry.armId))
  expect(ofArm.length).toBeGreaterThan(0)
  const week4 = await inventory.post(DISPENSE, { i: { patientId: PATIENT, visitId: VISIT.week4 } })
  expect(week4.body.errors).toBeUndefined()
  const second = (week4.body.data as { dispenseKit: { kitNumber: string } }).dispenseKit.kitNumber
  expect(ofArm.map((k) => k.kitNumber)).toContain(second)

  // Quarantine the rest of that treatment: the next visit finds none, and says so without naming it.
  const rest = ofArm.filter((k) => k.kitNumber !== second).map((k) => k.kitNumber)
  expect(rest.length).toBeGreaterThan(0)
  expect((await inventory.post(QUARANTINE, { s: SITE, k: rest })).body.errors).toBeUndefined()
  const none = await inventory.post(DISPENSE, { i: { patientId: PATIENT, visitId: VISIT.week4 } })
  expect(code(none.body)).toBe('NO_KIT_AVAILABLE')
  expect(leaked(none.body)).toEqual([])

  const returned = await inventory.post(RETURN, {
    i: { patientId: PATIENT, kitNumber: second, reason: 'unused at visit 5' },
  })
  expect(returned.body.data).toMatchObject({ returnKit: { kitNumber: second, status: 'RETURNED' } })
  const trail = await prisma.auditEvent.findMany({ where: { entityType: 'Kit' } })
  expect(trail.length).toBeGreaterThan(0)
  expect(
    SENTINELS.filter((s) => JSON.stringify(trail.map((t) => [t.field, t.oldValue, t.newValue])).includes(s)),
  ).toEqual([])
})

const THRESHOLD = `mutation($s: ID!, $a: String!, $t: Int!) { setLowStockThreshold(siteId: $s, armCode: $a, threshold: $t) { arm { code } available threshold } }`
const RELEASE = `mutation($s: ID!, $k: [String!]!, $d: QuarantineDecision!) { releaseQuarantine(siteId: $s, kitNumbers: $k, decision: $d, reason: "within range") { kitNumber status } }`
const LOW = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Site { stock { lowStock } } } }`
const lowStock = async () =>
  (
    (await inventory.post(LOW, { r: [{ __typename: 'Site', id: SITE }] })).body.data as {
      _entities: { stock: { lowStock: boolean } }[]
    }
  )._entities[0]!.stock.lowStock

test('the pharmacist sets a threshold (site staff see only that the site is low) and decides on quarantined kits', async () => {
  const [arm] = ARMS
  expect(code((await inventory.post(THRESHOLD, { s: SITE, a: arm.code, t: 50 })).body)).toBe('FORBIDDEN')
  await inventory.post(THRESHOLD, { s: SITE, a: arm.code, t: 0 }, {}, PHARMACIST)
  await inventory.post(THRESHOLD, { s: SITE, a: ARMS[1].code, t: 0 }, {}, PHARMACIST)
  expect(await lowStock()).toBe(false)
  const set = await inventory.post(THRESHOLD, { s: SITE, a: arm.code, t: 50 }, {}, PHARMACIST)
  expect(set.body.data).toMatchObject({ setLowStockThreshold: { arm: { code: arm.code }, threshold: 50 } })
  expect(await lowStock()).toBe(true)
  const signal = await inventory.prisma.outboxEvent.findFirstOrThrow({
    where: { eventType: 'LowStockDetected' },
    orderBy: { sequence: 'desc' },
  })
  expect(SENTINELS.filter((s) => JSON.stringify(signal.payload).includes(s))).toEqual([])
  await inventory.post(THRESHOLD, { s: SITE, a: arm.code, t: 0 }, {}, PHARMACIST)
  expect(await lowStock()).toBe(false)

  const quarantined = await inventory.prisma.kit.findMany({ where: { siteId: SITE, status: 'QUARANTINED' } })
  expect(quarantined.length).toBeGreaterThan(0)
  const numbers = quarantined.map((k) => k.kitNumber)
  expect(code((await inventory.post(RELEASE, { s: SITE, k: numbers, d: 'RELEASE' })).body)).toBe('FORBIDDEN')
  const before = await available()
  const released = await inventory.post(RELEASE, { s: SITE, k: numbers, d: 'RELEASE' }, {}, PHARMACIST)
  expect(released.body.errors).toBeUndefined()
  expect(await available()).toBe(before + numbers.length)
  expect(code((await inventory.post(RELEASE, { s: SITE, k: numbers, d: 'DAMAGED' }, {}, PHARMACIST)).body)).toBe(
    'BAD_USER_INPUT',
  )
})
