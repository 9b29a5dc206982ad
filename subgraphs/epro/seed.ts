import { demoDataset } from '../../demo-data'
import { writeInBatches, type SeedOptions } from '../../subgraph-runtime/seeding'
import type { EproPrisma } from './data/prismaClient'
import { DEFAULT_THRESHOLDS } from './data/safetyRuleSet'

/** Writes the ePRO context's slice of the deterministic demo dataset (idempotent). */
export async function seedEpro(prisma: EproPrisma, { progress }: SeedOptions): Promise<void> {
  const { questionnaires, diaryEnrollments, submissions } = demoDataset().epro
  // The subject registry: which study and site each patient belongs to (access decisions).
  const subjects = demoDataset().patients.patients.map((p) => ({
    patientId: p.id,
    studyId: p.studyId,
    siteId: p.siteId,
  }))
  await writeInBatches(
    'subjects',
    subjects,
    (batch) => prisma.subject.createMany({ data: batch, skipDuplicates: true }),
    progress,
  )
  // Parents before children: enrollments and submissions reference their questionnaire.
  await writeInBatches(
    'questionnaires',
    questionnaires,
    (batch) => prisma.questionnaire.createMany({ data: batch, skipDuplicates: true }),
    progress,
  )
  await writeInBatches(
    'diary enrollments',
    diaryEnrollments,
    (batch) => prisma.diaryEnrollment.createMany({ data: batch, skipDuplicates: true }),
    progress,
  )
  await writeInBatches(
    'epro submissions',
    submissions,
    (batch) => prisma.eproSubmission.createMany({ data: batch, skipDuplicates: true }),
    progress,
  )
  await writeInBatches(
    'safety rule sets',
    safetyRuleSets(questionnaires.map((q) => q.studyId)),
    (batch) => prisma.safetyRuleSet.createMany({ data: batch, skipDuplicates: true }),
    progress,
  )
}

/**
 * Each study's AE thresholds, as its protocol would set them: the oncology pain study flags pain
 * from 8, the rheumatology study (whose patients live with chronic pain) from 9.
 */
function safetyRuleSets(studyIds: string[]) {
  return [...new Set(studyIds)].map((studyId, i) => ({
    studyId,
    ...DEFAULT_THRESHOLDS,
    ...(i === 1 ? { painAbsolute: 9 } : {}),
  }))
}
