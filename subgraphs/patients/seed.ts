import { demoDataset } from '../../demo-data'
import { writeInBatches, type SeedOptions } from '../../subgraph-runtime/seeding'
import type { PatientsPrisma } from './data/prismaClient'

/** Writes the patients context's slice of the deterministic demo dataset (idempotent). */
export async function seedPatients(prisma: PatientsPrisma, { progress }: SeedOptions): Promise<void> {
  const { patients, visits } = demoDataset().patients
  await writeInBatches(
    'patients',
    patients,
    (batch) => prisma.patient.createMany({ data: batch, skipDuplicates: true }),
    progress,
  )
  await writeInBatches(
    'visits',
    visits,
    (batch) => prisma.visit.createMany({ data: batch, skipDuplicates: true }),
    progress,
  )
}
