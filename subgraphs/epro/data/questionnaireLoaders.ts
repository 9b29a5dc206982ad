import DataLoader from 'dataloader'
import type { Questionnaire } from '../generated/prisma/client'
import type { EproPrisma } from './prismaClient'
import { byKey, groupByKey } from '../../../platform/loaders/batching'

/** Per-request loaders for questionnaires: one SQL statement per batch. */
export function createQuestionnaireLoaders(prisma: EproPrisma) {
  return {
    questionnaireById: new DataLoader<string, Questionnaire | null>(async (ids) =>
      byKey(ids, await prisma.questionnaire.findMany({ where: { id: { in: [...ids] } } }), (q) => q.id),
    ),
    questionnairesByStudy: new DataLoader<string, Questionnaire[]>(async (studyIds) =>
      groupByKey(
        studyIds,
        await prisma.questionnaire.findMany({
          where: { studyId: { in: [...studyIds] } },
          orderBy: [{ studyId: 'asc' }, { code: 'asc' }, { version: 'asc' }],
        }),
        (q) => q.studyId,
      ),
    ),
  }
}
