import { demoDataset } from '../../demo-data'
import { writeInBatches, type SeedOptions } from '../../server-kit/seeding'
import type { EproPrisma } from './data/prismaClient'

/** Writes the ePRO context's slice of the deterministic demo dataset (idempotent). */
export async function seedEpro(prisma: EproPrisma, { progress }: SeedOptions): Promise<void> {
  const { questionnaires, diaryEnrollments, submissions } = demoDataset().epro
  // Parents before children: enrollments and submissions reference their questionnaire.
  await writeInBatches('questionnaires', questionnaires, (batch) => prisma.questionnaire.createMany({ data: batch, skipDuplicates: true }), progress)
  await writeInBatches('diary enrollments', diaryEnrollments, (batch) => prisma.diaryEnrollment.createMany({ data: batch, skipDuplicates: true }), progress)
  await writeInBatches('epro submissions', submissions, (batch) => prisma.eproSubmission.createMany({ data: batch, skipDuplicates: true }), progress)
}
