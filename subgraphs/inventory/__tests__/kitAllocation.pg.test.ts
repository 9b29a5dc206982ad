import crypto from 'node:crypto'
import { inventorySubgraph } from '../subgraph'
import type { InventoryPrisma } from '../data/prismaClient'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { dropSchemas, testDatabaseTarget, uniqueSchemaName } from '../../../test/support/postgres'
import { randomizeAndAllocate } from '../allocation/randomizeAndAllocate'
import { releaseAllocation } from '../allocation/releaseAllocation'
import { verifyRandomizationList } from '../randomization/randomizationList'
import {
  ARMS,
  DO_NOT_DISPENSE_DAYS,
  nextArms,
  OTHER_SITE,
  seedInventoryFixtures,
  SITE,
  STUDY,
  stockKits,
} from './inventoryFixtures'

// Allocation of the enrollment saga's pivot on real Postgres, under real concurrency: one pool of
// 25 connections, 50 allocations in flight at once.
let inventory: SubgraphUnderTest<InventoryPrisma>
let prisma: InventoryPrisma
const schema = uniqueSchemaName('inventory')

beforeAll(async () => {
  inventory = await startSubgraphUnderTest(inventorySubgraph, seedInventoryFixtures, {
    database: testDatabaseTarget('inventory', schema, 25),
  })
  prisma = inventory.prisma
}, 60_000)
afterAll(async () => {
  await inventory?.stop()
  await dropSchemas([schema])
})

const command = (siteId = SITE) => ({
  sagaId: crypto.randomUUID(),
  patientId: crypto.randomUUID(),
  studyId: STUDY,
  siteId,
})
const countKits = (where: object) => prisma.kit.count({ where: { siteId: SITE, ...where } })

test('50 concurrent allocations for the last 10 kits: exactly 10 allocated, 40 refused, no kit twice, no position skipped', async () => {
  // Stock exactly the arms the next ten positions draw, plus kits that must never be taken.
  const drawn = await nextArms(prisma, 10)
  for (const arm of ARMS) await stockKits(prisma, arm.id, drawn.filter((a) => a === arm.id).length)
  for (const arm of ARMS) {
    await stockKits(prisma, arm.id, 1, { expiresInDays: DO_NOT_DISPENSE_DAYS - 3 })
    await stockKits(prisma, arm.id, 1, { expiresInDays: -1 })
    await stockKits(prisma, arm.id, 1, { status: 'QUARANTINED' })
  }
  const commands = Array.from({ length: 50 }, () => command())
  const outcomes = await Promise.all(commands.map((c) => randomizeAndAllocate(prisma, c)))

  const allocated = outcomes.filter((o) => o.status === 'ALLOCATED')
  expect(allocated).toHaveLength(10)
  expect(outcomes.filter((o) => o.status === 'REFUSED' && o.code === 'NO_KIT_AVAILABLE')).toHaveLength(40)
  expect(new Set(allocated.map((o) => o.status === 'ALLOCATED' && o.kitNumber)).size).toBe(10)
  expect(await countKits({ status: 'ALLOCATED' })).toBe(10)
  // The window, expired and quarantined kits stayed where they were.
  expect(await countKits({ status: 'AVAILABLE' })).toBe(4)
  expect(await countKits({ status: 'QUARANTINED' })).toBe(2)
  // Positions 0..9 used in list order, each by the kit of its own arm; the refused left the 11th unused.
  const used = await prisma.randomizationEntry.findMany({
    where: { siteId: SITE, patientId: { not: null } },
    orderBy: { position: 'asc' },
  })
  expect(used.map((e) => e.position)).toEqual([...Array(10).keys()])
  for (const entry of used) {
    const kit = await prisma.kit.findFirstOrThrow({ where: { allocationSagaId: entry.sagaId } })
    expect((await prisma.kitTreatment.findUniqueOrThrow({ where: { kitId: kit.id } })).armId).toBe(entry.armId)
  }
  const stratum = await prisma.randomizationStratum.findFirstOrThrow({ where: { siteId: SITE } })
  expect(stratum.entriesUsed).toBe(10)

  // A repeat of any command answers what it answered, and takes nothing more.
  const again = await Promise.all(commands.slice(0, 50).map((c) => randomizeAndAllocate(prisma, c)))
  expect(again).toEqual(outcomes)
  expect(await countKits({ status: 'ALLOCATED' })).toBe(10)

  // The refusals raised one low-stock signal for the arm that ran out, and wrote no arm anywhere.
  expect(await prisma.lowStockSignal.count({ where: { siteId: SITE, clearedAt: null } })).toBeGreaterThanOrEqual(1)
  const events = await prisma.outboxEvent.findMany()
  const text = JSON.stringify(events.map((e) => [e.topic, e.key, e.eventType, e.payload]))
  for (const arm of ARMS) for (const secret of [arm.code, arm.name, arm.id]) expect(text).not.toContain(secret)
  expect(events.filter((e) => e.eventType === 'KitAllocated')).toHaveLength(10)
  expect(events.filter((e) => e.eventType === 'AllocationRefused')).toHaveLength(40)
}, 120_000)

test('release returns the kit and the position exactly, once; the next subject takes that position', async () => {
  const allocated = await prisma.allocationRequest.findFirstOrThrow({ where: { siteId: SITE, status: 'ALLOCATED' } })
  const entry = await prisma.randomizationEntry.findUniqueOrThrow({ where: { id: allocated.entryId! } })
  const before = {
    available: await countKits({ status: 'AVAILABLE' }),
    allocated: await countKits({ status: 'ALLOCATED' }),
  }

  const saga = { sagaId: allocated.sagaId, patientId: allocated.patientId, siteId: allocated.siteId }
  await releaseAllocation(prisma, saga)
  await releaseAllocation(prisma, saga)
  // Acknowledged once, though asked twice.
  const acks = await prisma.outboxEvent.findMany({
    where: { eventType: 'KitAllocationReleased', key: allocated.patientId },
  })
  expect(acks.map((e) => e.payload)).toEqual([{ sagaId: allocated.sagaId, patientId: allocated.patientId }])

  expect(await countKits({ status: 'AVAILABLE' })).toBe(before.available + 1)
  expect(await countKits({ status: 'ALLOCATED' })).toBe(before.allocated - 1)
  expect(await prisma.kit.findUniqueOrThrow({ where: { id: allocated.kitId! } })).toMatchObject({
    status: 'AVAILABLE',
    patientId: null,
    allocationSagaId: null,
  })
  expect(await prisma.randomizationEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({
    patientId: null,
    sagaId: null,
  })
  expect((await prisma.randomizationStratum.findFirstOrThrow({ where: { siteId: SITE } })).entriesUsed).toBe(9)
  expect(await randomizeAndAllocate(prisma, { ...command(), sagaId: allocated.sagaId })).toEqual({ status: 'RELEASED' })

  const next = await randomizeAndAllocate(prisma, command())
  expect(next).toMatchObject({ status: 'ALLOCATED', randomizationNumber: entry.randomizationNumber })
})

test('first expiry first; a release before its allocation leaves a tombstone the allocation respects', async () => {
  const [arm] = await nextArms(prisma, 1, OTHER_SITE)
  const [late] = await stockKits(prisma, arm!, 1, { siteId: OTHER_SITE, expiresInDays: 300 })
  const [early] = await stockKits(prisma, arm!, 1, { siteId: OTHER_SITE, expiresInDays: 100 })
  const outcome = await randomizeAndAllocate(prisma, command(OTHER_SITE))
  expect(outcome).toMatchObject({ status: 'ALLOCATED', kitNumber: early!.kitNumber })
  expect(late).toBeDefined()

  const cancelled = command(OTHER_SITE)
  await releaseAllocation(prisma, cancelled)
  // The tombstone is acknowledged too: the saga waits for every release.
  expect(
    await prisma.outboxEvent.count({ where: { eventType: 'KitAllocationReleased', key: cancelled.patientId } }),
  ).toBe(1)
  expect(await randomizeAndAllocate(prisma, cancelled)).toEqual({ status: 'REFUSED', code: 'SAGA_CANCELLED' })
  expect(await prisma.kit.findUniqueOrThrow({ where: { id: late!.id } })).toMatchObject({ status: 'AVAILABLE' })
})

test('a site without a stratum is refused RANDOMIZATION_UNAVAILABLE; the list verifies against its seed', async () => {
  expect(await randomizeAndAllocate(prisma, { ...command(), siteId: crypto.randomUUID() })).toEqual({
    status: 'REFUSED',
    code: 'RANDOMIZATION_UNAVAILABLE',
  })
  const list = await prisma.randomizationList.findFirstOrThrow({ where: { studyId: STUDY } })
  expect(await verifyRandomizationList(prisma, list.id)).toBe(true)
})

test('the list is immutable: arm and position changes and deletes are refused by the database', async () => {
  const entry = await prisma.randomizationEntry.findFirstOrThrow({ where: { siteId: SITE, position: 0 } })
  await expect(
    prisma.randomizationEntry.update({
      where: { id: entry.id },
      data: { armId: ARMS.find((a) => a.id !== entry.armId)!.id },
    }),
  ).rejects.toThrow(/immutable/)
  await expect(prisma.randomizationEntry.update({ where: { id: entry.id }, data: { position: 99 } })).rejects.toThrow(
    /immutable/,
  )
  await expect(prisma.randomizationEntry.delete({ where: { id: entry.id } })).rejects.toThrow(/never deleted/)
})
