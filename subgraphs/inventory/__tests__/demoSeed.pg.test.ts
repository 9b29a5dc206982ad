import crypto from 'node:crypto'
import { inventorySubgraph } from '../subgraph'
import type { InventoryPrisma } from '../data/prismaClient'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import type { SeedRun } from '../../../subgraph-runtime/seeding/seedRun'
import { createLogger } from '../../../platform/logging/logger'
import { demoDataset } from '../../../demo-data'
import { seedInventory } from '../seed'
import { randomizeAndAllocate } from '../allocation/randomizeAndAllocate'
import { verifyRandomizationList } from '../randomization/randomizationList'

// The demo seed on real Postgres: it writes, it is idempotent, its lists verify against their
// seeds, and a demo site can randomise its next subject.
let inventory: SubgraphUnderTest<InventoryPrisma>
const run: SeedRun = {
  logger: createLogger('inventory', { LOG_LEVEL: 'silent' }),
  async table(_name, rows, write, batchSize = 1000) {
    for (let i = 0; i < rows.length; i += batchSize) await write(rows.slice(i, i + batchSize))
  },
}

beforeAll(async () => {
  inventory = await startSubgraphUnderTest(inventorySubgraph, (prisma) => seedInventory(prisma, run))
}, 120_000)
afterAll(() => inventory?.stop())

test('seeded twice, the same rows; every list verifies; a demo site randomises its next subject', async () => {
  const prisma = inventory.prisma
  const kits = await prisma.kit.count()
  await seedInventory(prisma, run)
  expect(await prisma.kit.count()).toBe(kits)
  for (const list of await prisma.randomizationList.findMany())
    expect(await verifyRandomizationList(prisma, list.id)).toBe(true)

  const randomised = demoDataset().patients.patients.filter((p) => p.arm !== null && p.enrollmentDate !== null)
  expect(await prisma.randomizationEntry.count({ where: { patientId: { not: null } } })).toBe(randomised.length)
  const site = demoDataset().studies.sites.find((s) => randomised.some((p) => p.siteId === s.id))!
  const outcome = await randomizeAndAllocate(prisma, {
    sagaId: crypto.randomUUID(),
    patientId: crypto.randomUUID(),
    studyId: site.studyId,
    siteId: site.id,
  })
  expect(outcome.status).toBe('ALLOCATED')
}, 120_000)
