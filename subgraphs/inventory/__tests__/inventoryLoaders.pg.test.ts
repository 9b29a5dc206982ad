import crypto from 'node:crypto'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import type { InventoryPrisma } from '../data/prismaClient'
import { createInventoryLoaders } from '../data/inventoryLoaders'
import { inventorySubgraph } from '../subgraph'
import { ARMS, SITE, STUDY, seedInventoryFixtures, stockKits } from './inventoryFixtures'

// Differential: a subject, its kits and its randomisation entry, read by every full view, go past
// Prisma's query API (directReads.ts); Prisma's own findMany must give the same rows — same
// values, same JavaScript types (Date for days and timestamps, enums as strings, nulls) — for
// subjects with several kits (two allocated in the same millisecond), one, none, and unknown keys.
const PATIENTS = Array.from({ length: 6 }, (_, i) => `9e000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`)
const UNKNOWN = crypto.randomUUID()
const at = (minute: number) => new Date(Date.UTC(2026, 10, 21, 9, minute, 0, 123))

async function seed(prisma: InventoryPrisma) {
  await seedInventoryFixtures(prisma)
  await prisma.subject.createMany({
    data: PATIENTS.map((patientId, i) => ({
      patientId,
      studyId: STUDY,
      siteId: SITE,
      subjectNumber: `ONC-3017-101-${String(i + 1).padStart(4, '0')}`,
    })),
  })
  // Patient i gets i kits (the last patient none): allocated, some dispensed, one returned.
  const kits = await stockKits(prisma, ARMS[0]!.id, 15)
  let next = 0
  for (const [i, patientId] of PATIENTS.entries())
    for (let k = 0; k < (i === PATIENTS.length - 1 ? 0 : i + 1); k++) {
      const kit = kits[next++]!
      await prisma.kit.update({
        where: { id: kit.id },
        data: {
          patientId,
          status: k === 0 ? 'DISPENSED' : k === 2 ? 'RETURNED' : 'ALLOCATED',
          // The second and third kits of a patient share their allocation time.
          allocatedAt: at(10 * i + Math.min(k, 1)),
          dispensedAt: k === 0 ? at(10 * i + 5) : null,
          returnedAt: k === 2 ? at(10 * i + 8) : null,
          allocationSagaId: crypto.randomUUID(),
        },
      })
    }
  // The first four patients randomised, in list order.
  const entries = await prisma.randomizationEntry.findMany({
    where: { siteId: SITE, patientId: null },
    orderBy: { position: 'asc' },
    take: 4,
  })
  for (const [i, entry] of entries.entries())
    await prisma.randomizationEntry.update({
      where: { id: entry.id },
      data: { patientId: PATIENTS[i]!, sagaId: crypto.randomUUID(), randomizedAt: at(10 * i + 1) },
    })
}

let inventory: SubgraphUnderTest<InventoryPrisma>
beforeAll(async () => {
  inventory = await startSubgraphUnderTest(inventorySubgraph, seed)
})
afterAll(() => inventory?.stop())

it('subjectById: the rows Prisma findMany gives, null for an unknown key', async () => {
  const loaders = createInventoryLoaders(inventory.prisma)
  const expected = await Promise.all(
    PATIENTS.map((patientId) => inventory.prisma.subject.findUnique({ where: { patientId } })),
  )
  expect(await Promise.all([...PATIENTS, UNKNOWN].map((p) => loaders.subjectById.load(p)))).toEqual([...expected, null])
})

it('kitsByPatient: the rows Prisma findMany gives, in allocation order then kit number; [] without kits', async () => {
  const loaders = createInventoryLoaders(inventory.prisma)
  const kits = await Promise.all([...PATIENTS, UNKNOWN].map((p) => loaders.kitsByPatient.load(p)))
  const expected = await Promise.all(
    PATIENTS.map((patientId) =>
      inventory.prisma.kit.findMany({ where: { patientId }, orderBy: [{ allocatedAt: 'asc' }, { kitNumber: 'asc' }] }),
    ),
  )
  expect(kits.flat()).toHaveLength(15)
  expect(kits).toEqual([...expected, []])
  expect(kits[0]![0]!.expiresOn).toBeInstanceOf(Date)
  expect(kits[0]![0]!.dispensedAt).toBeInstanceOf(Date)
})

it("entryByPatient: the entry's number, time and arm as Prisma gives them; null for an unrandomised subject", async () => {
  const loaders = createInventoryLoaders(inventory.prisma)
  const entries = await Promise.all([...PATIENTS, UNKNOWN].map((p) => loaders.entryByPatient.load(p)))
  const expected = await Promise.all(
    PATIENTS.map((patientId) =>
      inventory.prisma.randomizationEntry.findUnique({
        where: { patientId },
        select: { patientId: true, randomizationNumber: true, randomizedAt: true, armId: true },
      }),
    ),
  )
  expect(expected.filter(Boolean)).toHaveLength(4)
  expect(entries).toEqual([...expected, null])
})
