import { demoDataset } from '../../demo-data'
import { writeInBatches, type SeedOptions } from '../../subgraph-runtime/seeding'
import type { StudiesPrisma } from './data/prismaClient'

/** Writes the studies context's slice of the deterministic demo dataset (idempotent). */
export async function seedStudies(prisma: StudiesPrisma, { progress }: SeedOptions): Promise<void> {
  const { studies, sites } = demoDataset().studies
  await writeInBatches(
    'studies',
    studies,
    (batch) => prisma.study.createMany({ data: batch, skipDuplicates: true }),
    progress,
  )
  await writeInBatches(
    'sites',
    sites,
    (batch) => prisma.site.createMany({ data: batch, skipDuplicates: true }),
    progress,
  )
}
