import { demoDataset } from '../../demo-data'
import type { SeedRun } from '../../subgraph-runtime/seeding/seedRun'
import type { PatientsPrisma } from './data/prismaClient'

/** Writes the patients context's slice of the deterministic demo dataset (idempotent). */
export async function seedPatients(prisma: PatientsPrisma, run: SeedRun): Promise<void> {
  const { patients, visits } = demoDataset().patients
  await run.table('patients', patients, (batch) => prisma.patient.createMany({ data: batch, skipDuplicates: true }))
  await run.table('visits', visits, (batch) => prisma.visit.createMany({ data: batch, skipDuplicates: true }))
}
