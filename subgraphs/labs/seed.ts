import { demoDataset } from '../../demo-data'
import { writeInBatches, type SeedOptions } from '../../server-kit/seeding'
import type { LabsPrisma } from './data/prismaClient'

/** Writes the labs context's slice of the deterministic demo dataset (idempotent). */
export async function seedLabs(prisma: LabsPrisma, { progress }: SeedOptions): Promise<void> {
  const { labResults } = demoDataset().labs
  await writeInBatches('lab results', labResults, (batch) => prisma.labResult.createMany({ data: batch, skipDuplicates: true }), progress)
}
