import { demoDataset } from '../../demo-data'
import type { SeedRun } from '../../subgraph-runtime/seeding/seedRun'
import type { EproPrisma } from './data/prismaClient'
import { DEFAULT_THRESHOLDS } from './data/safetyRuleSet'

/** Writes the ePRO context's slice of the deterministic demo dataset (idempotent). */
export async function seedEpro(prisma: EproPrisma, run: SeedRun): Promise<void> {
  const { questionnaires, diaryEnrollments, submissions } = demoDataset().epro
  // The subject registry: which study and site each patient belongs to (access decisions).
  const subjects = demoDataset().patients.patients.map((p) => ({
    patientId: p.id,
    studyId: p.studyId,
    siteId: p.siteId,
  }))
  await run.table('subjects', subjects, (batch) => prisma.subject.createMany({ data: batch, skipDuplicates: true }))
  // Parents before children: enrollments and submissions reference their questionnaire.
  await run.table('questionnaires', questionnaires, (batch) =>
    prisma.questionnaire.createMany({ data: batch, skipDuplicates: true }),
  )
  await run.table('diary enrollments', diaryEnrollments, (batch) =>
    prisma.diaryEnrollment.createMany({ data: batch, skipDuplicates: true }),
  )
  await run.table('epro submissions', submissions, (batch) =>
    prisma.eproSubmission.createMany({ data: batch, skipDuplicates: true }),
  )
  await run.table('safety rule sets', safetyRuleSets(questionnaires.map((q) => q.studyId)), (batch) =>
    prisma.safetyRuleSet.createMany({ data: batch, skipDuplicates: true }),
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
