import { demoDataset } from '../../demo-data'
import type { SeedRun } from '../../subgraph-runtime/seeding/seedRun'
import type { StudiesPrisma } from './data/prismaClient'

/** Writes the studies context's slice of the deterministic demo dataset (idempotent). */
export async function seedStudies(prisma: StudiesPrisma, run: SeedRun): Promise<void> {
  const { studies, sites, arms, visitDefinitions, eligibilityCriteria, slotReservations } = demoDataset().studies
  await run.table('studies', studies, (batch) => prisma.study.createMany({ data: batch, skipDuplicates: true }))
  await run.table('sites', sites, (batch) => prisma.site.createMany({ data: batch, skipDuplicates: true }))
  await run.table('arms', arms, (batch) => prisma.studyArm.createMany({ data: batch, skipDuplicates: true }))
  await run.table('visit definitions', visitDefinitions, (batch) =>
    prisma.visitDefinition.createMany({ data: batch, skipDuplicates: true }),
  )
  await run.table('eligibility criteria', eligibilityCriteria, (batch) =>
    prisma.eligibilityCriterion.createMany({ data: batch, skipDuplicates: true }),
  )
  // One CONFIRMED slot per randomised patient: the counters seeded above are their number.
  await run.table('slot reservations', slotReservations, (batch) =>
    prisma.slotReservation.createMany({ data: batch, skipDuplicates: true }),
  )
}
