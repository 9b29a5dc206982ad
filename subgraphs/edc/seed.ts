import { demoDataset } from '../../demo-data'
import type { SeedRun } from '../../subgraph-runtime/seeding/seedRun'
import type { EdcPrisma } from './data/prismaClient'
import { publishedDefinitions } from './forms/publishDefinition'
import { demoForms } from './forms/demoForms'

/**
 * Writes the EDC context's slice of the deterministic demo dataset (idempotent: stable ids and
 * `skipDuplicates`): the subject and visit registries, the form definitions of both studies and
 * their schedule, one form per expected form of every visit, the values entered, and the data
 * queries the edit checks open on them — the same checks a save runs.
 */
export async function seedEdc(prisma: EdcPrisma, run: SeedRun): Promise<void> {
  const { patients, visits } = demoDataset().patients
  const { edc } = demoDataset()
  await run.table('subjects', patients, (batch) =>
    prisma.subject.createMany({
      data: batch.map((p) => ({ patientId: p.id, studyId: p.studyId, siteId: p.siteId })),
      skipDuplicates: true,
    }),
  )
  await run.table('study events', visits, (batch) =>
    prisma.studyEvent.createMany({
      data: batch.map((v) => ({
        visitId: v.id,
        patientId: v.patientId,
        visitType: v.visitType,
        visitDate: v.actualDate,
      })),
      skipDuplicates: true,
    }),
  )
  const definitions = publishedDefinitions(edc.formDefinitions)
  await run.table('form definitions', definitions, (batch) =>
    prisma.formDefinition.createMany({ data: batch, skipDuplicates: true }),
  )
  const eventForms = edc.eventDefs.flatMap((def) =>
    def.formOids.map((formOid, ordinal) => ({ studyId: def.studyId, visitType: def.visitType, formOid, ordinal })),
  )
  await run.table('event forms', eventForms, (batch) =>
    prisma.eventForm.createMany({ data: batch, skipDuplicates: true }),
  )
  const built = demoForms({ patients, visits, definitions, eventForms, entries: edc.formEntries })
  await run.table('forms', built.forms, (batch) => prisma.formData.createMany({ data: batch, skipDuplicates: true }))
  await run.table(
    'item values',
    built.items,
    (batch) => prisma.itemData.createMany({ data: batch, skipDuplicates: true }),
    2000,
  )
  await run.table('data queries', built.queries, (batch) =>
    prisma.dataQuery.createMany({ data: batch, skipDuplicates: true }),
  )
  await run.table('query messages', built.messages, (batch) =>
    prisma.queryMessage.createMany({ data: batch, skipDuplicates: true }),
  )
}
