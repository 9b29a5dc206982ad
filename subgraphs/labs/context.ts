import type { RequestScope } from '../../subgraph-runtime/subgraphModule'
import type { LabsPrisma } from './data/prismaClient'
import { createLabResultLoaders } from './data/labResultLoaders'
import { createPatientLabLoaders } from './data/patientLabLoaders'
import { createSubjectAccess, type SubjectAccess } from '../../access-policy/subjectAccess'
import type { LabsBackground } from './events/labsBackground'
import { readThrough } from '../../subgraph-runtime/database/cachedRows'

export interface LabsContext extends RequestScope {
  prisma: LabsPrisma
  loaders: ReturnType<typeof createLabResultLoaders> & ReturnType<typeof createPatientLabLoaders>
  /** Whether the caller may see a subject's results (from this context's subject registry). */
  subjects: SubjectAccess
}

/**
 * A fresh context, with fresh DataLoaders, for every request: caches never cross requests, but for
 * the subject registry's rows, which the table's own change notices keep true (cachedRows.ts).
 */
export function createLabsContext(prisma: LabsPrisma, scope: RequestScope, background?: LabsBackground): LabsContext {
  const labResultLoaders = createLabResultLoaders(prisma)
  const readSubjects = (ids: readonly string[]) => prisma.subject.findMany({ where: { patientId: { in: [...ids] } } })
  const subjects = createSubjectAccess(scope.identity, readThrough(background?.subjectRows, readSubjects))
  return {
    ...scope,
    prisma,
    subjects,
    loaders: { ...labResultLoaders, ...createPatientLabLoaders(prisma, labResultLoaders.labResultById) },
  }
}
