import crypto from 'node:crypto'
import { inventorySubgraph } from '../subgraph'
import type { InventoryPrisma } from '../data/prismaClient'
import { followStudySetup } from '../registry/studyRegistry'
import { allocationCommandHandler } from '../allocation/allocationCommands'
import { verifyRandomizationList } from '../randomization/randomizationList'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import { createLogger } from '../../../platform/logging/logger'
import { STUDIES_STUDY_TOPIC, type StudyEvent, type StudySiteSnapshot } from '../../../contracts/studyEvents'
import { INVENTORY_COMMANDS_TOPIC } from '../../../contracts/enrollmentSaga'
import type { BusMessage } from '../../../subgraph-runtime/events/eventBus'

// A study set up through the studies API, not seeded: its set-up events give inventory the study,
// arms, randomisation list and the site's stratum; a pharmacist registers a lot of each arm at a
// depot and ships it; the site receives it; and the saga's allocation command randomises a subject
// there and allocates a kit of the drawn arm. Redelivered set-up events change nothing.
const STUDY = 'a1000000-0000-4000-8000-000000000001'
const SITE = 'b1000000-0000-4000-8000-000000000001'
const PATIENT = 'e1000000-0000-4000-8000-000000000001'
const DEPOT = 'f1000000-0000-4000-8000-000000000001'
const ARMS = [
  { armId: 'c1000000-0000-4000-8000-00000000000a', code: 'ACTIVE', name: 'Setupumab 10 mg', allocationRatio: 2 },
  { armId: 'c1000000-0000-4000-8000-00000000000b', code: 'PLACEBO', name: 'Placebo', allocationRatio: 1 },
]
const CAP = 20
const PHARMACIST = identityWith({ role: 'UNBLINDED_PHARMACIST', studyId: STUDY })
const CRC = identityWith({ role: 'CRC', studyId: STUDY, siteId: SITE })

const message = (topic: string, key: string, type: string, payload: object): BusMessage => ({
  id: crypto.randomUUID(),
  topic,
  key,
  type,
  payload,
  occurredAt: new Date().toISOString(),
})
const studyMessage = (event: StudyEvent) => message(STUDIES_STUDY_TOPIC, event.studyId, event.type, event)
const site = (status: StudySiteSnapshot['status']): StudySiteSnapshot => ({
  siteId: SITE,
  studyId: STUDY,
  protocolId: 'SET-2001',
  siteNumber: '301',
  name: 'Set-up Clinic',
  timeZone: 'Europe/Vienna',
  enrollmentCap: CAP,
  status,
})
const SETUP = [
  studyMessage({
    type: 'StudyDefined',
    studyId: STUDY,
    protocolId: 'SET-2001',
    status: 'RECRUITING',
    arms: ARMS,
    visitSchedule: [],
    eligibilityCriteria: [],
    blockMultipliers: [1, 2],
    lowStockThreshold: 1,
    doNotDispenseDays: 10,
  }),
  studyMessage({ type: 'SiteAdded', studyId: STUDY, site: site('PENDING_ACTIVATION') }),
  studyMessage({ type: 'SiteActivated', studyId: STUDY, site: site('ACTIVE') }),
]

let inventory: SubgraphUnderTest<InventoryPrisma>
const logger = createLogger('inventory', { LOG_LEVEL: 'silent' })
const feed = async (messages: BusMessage[]) => {
  for (const m of messages) await followStudySetup(inventory.prisma, logger)(m)
}

beforeAll(async () => {
  inventory = await startSubgraphUnderTest(
    inventorySubgraph,
    async (prisma) => {
      await prisma.depot.create({ data: { id: DEPOT, code: 'AT-9', name: 'Test depot', country: 'AT' } })
    },
    {},
    CRC,
  )
}, 60_000)
afterAll(() => inventory?.stop())

const code = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions?.code
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
const REGISTER = `mutation($i: RegisterKitLotInput!) { registerKitLot(input: $i) {
  lotNumber packagingLot expiresOn arm { code } depot { code } kits { kitNumber status expiresOn } } }`
const DEPOTS = `{ depots { id code name country } }`
const CREATE = `mutation($i: CreateShipmentInput!) { createShipment(input: $i) { id kits { kitNumber } } }`
const SHIP = `mutation($id: ID!) { markShipmentShipped(shipmentId: $id) { status } }`
const RECEIVE = `mutation($i: ReceiveShipmentInput!) { receiveShipment(input: $i) { status } }`
const lotInput = (armCode: string, lotNumber: string, extra: object = {}) => ({
  studyId: STUDY,
  depotId: DEPOT,
  armCode,
  lotNumber,
  packagingLot: 'PKG-SET-01',
  expiresOn: inDays(400),
  kitCount: 5,
  ...extra,
})

const snapshot = async (prisma: InventoryPrisma) => ({
  study: await prisma.inventoryStudy.findMany(),
  sites: await prisma.inventorySite.findMany(),
  arms: await prisma.arm.findMany({ orderBy: { code: 'asc' } }),
  lists: await prisma.randomizationList.findMany(),
  strata: await prisma.randomizationStratum.findMany(),
  entries: await prisma.randomizationEntry.findMany({ orderBy: { position: 'asc' } }),
  audit: await prisma.auditEvent.count(),
})

test('the set-up events give the study its arms, a seeded list and the site a stratum covering its cap; redelivery changes nothing', async () => {
  await feed(SETUP.slice(0, 2))
  // A site pending activation is known, but gets no stratum yet.
  expect(await inventory.prisma.inventorySite.count()).toBe(1)
  expect(await inventory.prisma.randomizationStratum.count()).toBe(0)
  await feed(SETUP.slice(2))
  const first = await snapshot(inventory.prisma)
  expect(first.study).toEqual([
    expect.objectContaining({ studyId: STUDY, doNotDispenseDays: 10, lowStockThreshold: 1, blockMultipliers: [1, 2] }),
  ])
  expect(first.sites).toEqual([{ siteId: SITE, studyId: STUDY, siteNumber: '301', timeZone: 'Europe/Vienna' }])
  expect(first.arms.map((a) => [a.id, a.code, a.ratio])).toEqual(ARMS.map((a) => [a.armId, a.code, a.allocationRatio]))
  // Supply codes name no arm: the protocol and a number, in an order keyed by the list's seed.
  expect(first.arms.map((a) => a.supplyCode).sort()).toEqual(['SET-2001-S1', 'SET-2001-S2'])
  const [list] = first.lists
  expect(list!.seed).toMatch(/^[0-9a-f]{64}$/)
  expect(list!.seedDigest).toBe(crypto.createHash('sha256').update(list!.seed).digest('hex'))
  // The seed's commitment is audited; the seed itself never is.
  const listAudit = await inventory.prisma.auditEvent.findFirstOrThrow({ where: { entityType: 'RandomizationList' } })
  expect(JSON.stringify(listAudit.newValue)).toContain(list!.seedDigest)
  expect(JSON.stringify(await inventory.prisma.auditEvent.findMany({ select: { newValue: true } }))).not.toContain(
    list!.seed,
  )
  // Blocks of 3 or 6 (2:1 × [1, 2]), enough for the cap of 20 and one block more.
  expect(first.strata).toHaveLength(1)
  expect(first.entries.length).toBeGreaterThan(CAP)
  const lastBlock = first.entries.filter((e) => e.blockNumber === first.strata[0]!.blocksGenerated)
  expect(first.entries.length - lastBlock.length).toBeGreaterThanOrEqual(CAP)
  expect(first.entries.every((e) => [3, 6].includes(e.blockSize))).toBe(true)
  expect(first.entries[0]!.randomizationNumber).toBe('301-R0001')
  expect(await verifyRandomizationList(inventory.prisma, list!.id)).toBe(true)

  await feed(SETUP)
  expect(await snapshot(inventory.prisma)).toEqual(first)
  expect(await inventory.prisma.consumedEvent.count()).toBe(SETUP.length)
})

test('a raised cap tops the stratum up; the list stays verifiable', async () => {
  const before = await inventory.prisma.randomizationEntry.count()
  await feed([studyMessage({ type: 'SiteCapChanged', studyId: STUDY, site: { ...site('ACTIVE'), enrollmentCap: 60 } })])
  const entries = await inventory.prisma.randomizationEntry.findMany({ orderBy: { position: 'asc' } })
  expect(entries.length).toBeGreaterThan(Math.max(before, 60))
  const list = await inventory.prisma.randomizationList.findFirstOrThrow()
  expect(await verifyRandomizationList(inventory.prisma, list.id)).toBe(true)
})

test('registerKitLot: blinded roles are refused, bad input is refused with its code and writes nothing', async () => {
  for (const role of ['CRC', 'INVESTIGATOR', 'MONITOR', 'DATA_MANAGER', 'SPONSOR', 'STUDY_MANAGER'] as const) {
    const who = identityWith({ role, studyId: STUDY, siteId: role === 'CRC' || role === 'INVESTIGATOR' ? SITE : null })
    expect(code((await inventory.post(REGISTER, { i: lotInput('ACTIVE', 'LOT-X') }, {}, who)).body)).toBe('FORBIDDEN')
    expect(code((await inventory.post(DEPOTS, {}, {}, who)).body)).toBe('FORBIDDEN')
  }
  // A pharmacist of the site only, or of another study, manages no study-wide supply.
  const ofSite = identityWith({ role: 'UNBLINDED_PHARMACIST', studyId: STUDY, siteId: SITE })
  const ofOtherStudy = identityWith({ role: 'UNBLINDED_PHARMACIST', studyId: crypto.randomUUID() })
  for (const who of [ofSite, ofOtherStudy])
    expect(code((await inventory.post(REGISTER, { i: lotInput('ACTIVE', 'LOT-X') }, {}, who)).body)).toBe('FORBIDDEN')
  const refusals: [object, string][] = [
    [lotInput('NO-SUCH-ARM', 'LOT-X'), 'ARM_UNKNOWN'],
    [lotInput('ACTIVE', 'LOT-X', { depotId: crypto.randomUUID() }), 'DEPOT_UNKNOWN'],
    [lotInput('ACTIVE', 'LOT-X', { expiresOn: inDays(-1) }), 'LOT_EXPIRED'],
    [lotInput('ACTIVE', 'LOT-X', { kitCount: 0 }), 'KIT_COUNT_OUT_OF_RANGE'],
    [lotInput('ACTIVE', 'LOT-X', { kitCount: 1001 }), 'KIT_COUNT_OUT_OF_RANGE'],
  ]
  for (const [input, expected] of refusals)
    expect(code((await inventory.post(REGISTER, { i: input }, {}, PHARMACIST)).body)).toBe(expected)
  expect(await inventory.prisma.lot.count()).toBe(0)
  expect(await inventory.prisma.kit.count()).toBe(0)
})

test('a lot per arm registered, shipped and received; the allocation command randomises a subject at the new site to a kit of the drawn arm', async () => {
  const depots = (await inventory.post(DEPOTS, {}, {}, PHARMACIST)).body
  expect(depots.data).toEqual({ depots: [{ id: DEPOT, code: 'AT-9', name: 'Test depot', country: 'AT' }] })
  for (const arm of ARMS) {
    const { body } = await inventory.post(REGISTER, { i: lotInput(arm.code, `MFG-${arm.code}`) }, {}, PHARMACIST)
    expect(body.errors).toBeUndefined()
    const lot = (body.data as { registerKitLot: { kits: { kitNumber: string; status: string }[] } }).registerKitLot
    expect(lot).toMatchObject({ lotNumber: `MFG-${arm.code}`, arm: { code: arm.code }, depot: { code: 'AT-9' } })
    expect(lot.kits).toHaveLength(5)
    expect(lot.kits.every((k) => k.status === 'AT_DEPOT' && /^AT-9-\d{6}$/.test(k.kitNumber))).toBe(true)
  }
  // Kit numbers are unique across the arms' lots, and a lot number is taken once per study.
  const kits = await inventory.prisma.kit.findMany()
  expect(new Set(kits.map((k) => k.kitNumber)).size).toBe(10)
  expect(new Set(kits.map((k) => k.dispenseOrder)).size).toBeGreaterThan(1)
  const again = (await inventory.post(REGISTER, { i: lotInput('PLACEBO', 'MFG-ACTIVE') }, {}, PHARMACIST)).body
  expect(code(again)).toBe('LOT_NUMBER_TAKEN')
  expect(await inventory.prisma.kit.count()).toBe(10)
  // Every kit and lot has its creation audited; a kit's row names no arm.
  expect(await inventory.prisma.auditEvent.count({ where: { entityType: 'Kit', operation: 'CREATE' } })).toBe(10)
  const kitAudit = JSON.stringify(
    await inventory.prisma.auditEvent.findMany({ where: { entityType: 'Kit' }, select: { newValue: true } }),
  )
  for (const arm of ARMS) expect(kitAudit).not.toContain(arm.armId)

  const input = {
    studyId: STUDY,
    depotId: DEPOT,
    siteId: SITE,
    quantities: ARMS.map((a) => ({ armCode: a.code, kits: 3 })),
  }
  const created = (await inventory.post(CREATE, { i: input }, {}, PHARMACIST)).body
  expect(created.errors).toBeUndefined()
  const shipmentId = (created.data as { createShipment: { id: string } }).createShipment.id
  expect((await inventory.post(SHIP, { id: shipmentId }, {}, PHARMACIST)).body.errors).toBeUndefined()
  expect((await inventory.post(RECEIVE, { i: { shipmentId } }, {}, CRC)).body.data).toEqual({
    receiveShipment: { status: 'RECEIVED' },
  })
  expect(await inventory.prisma.kit.count({ where: { siteId: SITE, status: 'AVAILABLE' } })).toBe(6)

  const sagaId = crypto.randomUUID()
  const command = { sagaId, patientId: PATIENT, studyId: STUDY, siteId: SITE, enrollmentDate: inDays(0) }
  await allocationCommandHandler(
    inventory.prisma,
    logger,
  )(message(INVENTORY_COMMANDS_TOPIC, PATIENT, 'RandomizeAndAllocateKit', command))
  const request = await inventory.prisma.allocationRequest.findUniqueOrThrow({ where: { sagaId } })
  expect(request.status).toBe('ALLOCATED')
  const entry = await inventory.prisma.randomizationEntry.findUniqueOrThrow({ where: { id: request.entryId! } })
  expect(entry).toMatchObject({ patientId: PATIENT, position: 0, randomizationNumber: '301-R0001' })
  const kit = await inventory.prisma.kit.findUniqueOrThrow({ where: { id: request.kitId! } })
  expect(kit).toMatchObject({ status: 'ALLOCATED', patientId: PATIENT, siteId: SITE })
  const treatment = await inventory.prisma.kitTreatment.findUniqueOrThrow({ where: { kitId: kit.id } })
  expect(treatment.armId).toBe(entry.armId)

  // Set-up events delivered again after the list is in use: same seed, same strata, same entries.
  // A study defined again (a new event, not a redelivery) keeps its list too: never regenerated.
  const before = await snapshot(inventory.prisma)
  await feed([...SETUP, studyMessage(SETUP[0]!.payload as StudyEvent)])
  expect(await snapshot(inventory.prisma)).toEqual(before)
})
