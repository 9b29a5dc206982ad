import type { RequestScope } from '../../subgraph-runtime/subgraphModule'
import type { LabsPrisma } from './data/prismaClient'
import { createLabResultLoaders } from './data/labResultLoaders'
import { createPatientLabLoaders } from './data/patientLabLoaders'
import { createSubjectAccess, type SubjectAccess } from '../../access-policy/subjectAccess'

export interface LabsContext extends RequestScope {
  prisma: LabsPrisma
  loaders: ReturnType<typeof createLabResultLoaders> & ReturnType<typeof createPatientLabLoaders>
  /** Whether the caller may see a subject's results (from this context's subject registry). */
  subjects: SubjectAccess
}

/** A fresh context, with fresh DataLoaders, for every request: caches never cross requests. */
export function createLabsContext(prisma: LabsPrisma, scope: RequestScope): LabsContext {
  const labResultLoaders = createLabResultLoaders(prisma)
  const subjects = createSubjectAccess(scope.identity, (ids) =>
    prisma.subject.findMany({ where: { patientId: { in: [...ids] } } }),
  )
  return {
    ...scope,
    prisma,
    subjects,
    loaders: { ...labResultLoaders, ...createPatientLabLoaders(prisma, labResultLoaders.labResultById) },
  }
}
