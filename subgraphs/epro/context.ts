import type { RequestScope } from '../../subgraph-runtime/subgraphModule'
import type { EproPrisma } from './data/prismaClient'
import type { EproBackground } from './events/eproBackground'
import { utcDay } from './data/compliance'
import { createComplianceLoaders } from './data/complianceLoaders'
import { createQuestionnaireLoaders } from './data/questionnaireLoaders'
import { createSubmissionLoaders } from './data/submissionLoaders'
import { createAlertLoaders } from './data/alertLoaders'
import { createAuditLoaders } from './data/auditLoaders'
import { createSubjectAccess, type SubjectAccess } from '../../access-policy/subjectAccess'
import { readThrough } from '../../subgraph-runtime/database/cachedRows'

export interface EproContext extends RequestScope {
  prisma: EproPrisma
  /** The UTC calendar day compliance is measured up to; fixed once per request. */
  today: Date
  /** The server's trusted clock (entry windows are judged by it, never by the device's). */
  now: () => Date
  /** The outbox relay and alert feed, when the subgraph runs them (not in some unit tests). */
  background?: EproBackground
  /** Whether the caller may see or write a subject's diary (from this context's subject registry). */
  subjects: SubjectAccess
  loaders: ReturnType<typeof createQuestionnaireLoaders> &
    ReturnType<typeof createSubmissionLoaders> &
    ReturnType<typeof createComplianceLoaders> &
    ReturnType<typeof createAlertLoaders> &
    ReturnType<typeof createAuditLoaders>
}

export interface EproContextOptions {
  /** The clock; tests pin it so compliance figures do not drift with the calendar. */
  now?: () => Date
}

/**
 * A fresh context, with fresh DataLoaders, for every request: caches never cross requests, but for
 * the subject registry's rows, which the table's own change notices keep true (cachedRows.ts).
 */
export function createEproContext(
  prisma: EproPrisma,
  scope: RequestScope,
  background?: EproBackground,
  { now = () => new Date() }: EproContextOptions = {},
): EproContext {
  const today = utcDay(now())
  const readSubjects = (ids: readonly string[]) => prisma.subject.findMany({ where: { patientId: { in: [...ids] } } })
  return {
    ...scope,
    prisma,
    today,
    now,
    background,
    subjects: createSubjectAccess(scope.identity, readThrough(background?.subjectRows, readSubjects)),
    loaders: {
      ...createQuestionnaireLoaders(prisma),
      ...createSubmissionLoaders(prisma),
      ...createComplianceLoaders(prisma, today),
      ...createAlertLoaders(prisma),
      ...createAuditLoaders(prisma),
    },
  }
}
