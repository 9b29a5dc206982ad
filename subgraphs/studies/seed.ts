import { demoDataset } from '../../demo-data'
import type { SeedRun } from '../../subgraph-runtime/seeding/seedRun'
import type { StudiesPrisma } from './data/prismaClient'

/** Writes the studies context's slice of the deterministic demo dataset (idempotent). */
export async function seedStudies(prisma: StudiesPrisma, run: SeedRun): Promise<void> {
  const { studies, sites } = demoDataset().studies
  await run.table('studies', studies, (batch) => prisma.study.createMany({ data: batch, skipDuplicates: true }))
  await run.table('sites', sites, (batch) => prisma.site.createMany({ data: batch, skipDuplicates: true }))
}
