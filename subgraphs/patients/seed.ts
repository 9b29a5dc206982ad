import { demoDataset } from '../../demo-data'
import type { SeedRun } from '../../subgraph-runtime/seeding/seedRun'
import type { PatientsPrisma } from './data/prismaClient'

/** Writes the patients context's slice of the deterministic demo dataset (idempotent). */
export async function seedPatients(prisma: PatientsPrisma, run: SeedRun): Promise<void> {
  const { patients, visits } = demoDataset().patients
  const { studies, sites, eligibilityCriteria } = demoDataset().studies
  const studyRegistry = studies.map((study) => ({
    studyId: study.id,
    protocolId: study.protocolId,
    status: study.status,
    eligibilityCriteria: eligibilityCriteria
      .filter((c) => c.studyId === study.id)
      .sort((a, b) => a.ordinal - b.ordinal)
      .map(({ code, kind }) => ({ code, kind })),
  }))
  await run.table('study registry', studyRegistry, (batch) =>
    prisma.studyRegistry.createMany({ data: batch, skipDuplicates: true }),
  )
  // What patients knows of each site, numbering on from the seeded subjects.
  const protocolOf = new Map(studies.map((s) => [s.id, s.protocolId]))
  const screened = new Map<string, number>()
  for (const p of patients) screened.set(p.siteId, (screened.get(p.siteId) ?? 0) + 1)
  const registry = sites.map((site) => ({
    siteId: site.id,
    studyId: site.studyId,
    protocolId: protocolOf.get(site.studyId)!,
    siteNumber: site.siteNumber,
    timeZone: site.timeZone,
    active: site.status === 'ACTIVE',
    lastSubjectSeq: screened.get(site.id) ?? 0,
  }))
  await run.table('site registry', registry, (batch) =>
    prisma.siteRegistry.createMany({ data: batch, skipDuplicates: true }),
  )
  // The demo generator knows each subject's arm (the data it makes depends on it); patients never
  // stores it: the arm lives only in inventory's unblinded tables.
  await run.table('patients', patients, (batch) =>
    prisma.patient.createMany({ data: batch.map(({ arm: _blinded, ...row }) => row), skipDuplicates: true }),
  )
  await run.table('visits', visits, (batch) => prisma.visit.createMany({ data: batch, skipDuplicates: true }))
}
