import { demoDataset } from '../../demo-data'
import type { SeedRun } from '../../subgraph-runtime/seeding/seedRun'
import type { InventoryPrisma } from './data/prismaClient'
import { demoSupply } from './demo/demoSupply'

/**
 * Writes the inventory context's slice of the deterministic demo dataset (idempotent: stable ids
 * and `skipDuplicates`): the study, site, subject and visit registries, arms and lots, one
 * randomisation list per study with the seeded patients' allocations, and kits.
 */
export async function seedInventory(prisma: InventoryPrisma, run: SeedRun): Promise<void> {
  const { studies, patients } = demoDataset()
  const supply = demoSupply({ studies, patients })
  await run.table('studies', studies.studies, (batch) =>
    prisma.inventoryStudy.createMany({ data: batch.map((s) => ({ studyId: s.id })), skipDuplicates: true }),
  )
  await run.table('sites', studies.sites, (batch) =>
    prisma.inventorySite.createMany({
      data: batch.map((s) => ({ siteId: s.id, studyId: s.studyId, siteNumber: s.siteNumber, timeZone: s.timeZone })),
      skipDuplicates: true,
    }),
  )
  await run.table('subjects', patients.patients, (batch) =>
    prisma.subject.createMany({
      data: batch.map((p) => ({
        patientId: p.id,
        studyId: p.studyId,
        siteId: p.siteId,
        subjectNumber: p.subjectNumber,
      })),
      skipDuplicates: true,
    }),
  )
  await run.table('subject visits', patients.visits, (batch) =>
    prisma.subjectVisit.createMany({
      data: batch.map((v) => ({ visitId: v.id, patientId: v.patientId, visitType: v.visitType })),
      skipDuplicates: true,
    }),
  )
  await run.table('depots', [supply.depot], (batch) => prisma.depot.createMany({ data: batch, skipDuplicates: true }))
  await run.table('arms', supply.arms, (batch) => prisma.arm.createMany({ data: batch, skipDuplicates: true }))
  await run.table('lots', supply.lots, (batch) => prisma.lot.createMany({ data: batch, skipDuplicates: true }))
  await run.table('randomization lists', supply.lists, (batch) =>
    prisma.randomizationList.createMany({ data: batch, skipDuplicates: true }),
  )
  await run.table('randomization strata', supply.strata, (batch) =>
    prisma.randomizationStratum.createMany({ data: batch, skipDuplicates: true }),
  )
  await run.table('randomization entries', supply.entries, (batch) =>
    prisma.randomizationEntry.createMany({ data: batch, skipDuplicates: true }),
  )
  await run.table('kits', supply.kits, (batch) => prisma.kit.createMany({ data: batch, skipDuplicates: true }))
  await run.table('kit treatments', supply.treatments, (batch) =>
    prisma.kitTreatment.createMany({ data: batch, skipDuplicates: true }),
  )
}
