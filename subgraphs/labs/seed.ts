import { demoDataset } from '../../demo-data'
import type { SeedRun } from '../../subgraph-runtime/seeding/seedRun'
import type { LabsPrisma } from './data/prismaClient'

/** Writes the labs context's slice of the deterministic demo dataset (idempotent). */
export async function seedLabs(prisma: LabsPrisma, run: SeedRun): Promise<void> {
  const { labResults } = demoDataset().labs
  // The subject registry first: which study and site each patient belongs to (access decisions).
  const subjects = demoDataset().patients.patients.map((p) => ({
    patientId: p.id,
    studyId: p.studyId,
    siteId: p.siteId,
  }))
  await run.table('subjects', subjects, (batch) => prisma.subject.createMany({ data: batch, skipDuplicates: true }))
  await run.table('lab results', labResults, (batch) =>
    prisma.labResult.createMany({ data: batch, skipDuplicates: true }),
  )
}
