import type { RequestScope } from '../../server-kit/bootSubgraph'
import type { LabsPrisma } from './data/prismaClient'
import { createLabResultLoaders } from './data/labResultLoaders'
import { createPatientLabLoaders } from './data/patientLabLoaders'

export interface LabsContext extends RequestScope {
  prisma: LabsPrisma
  loaders: ReturnType<typeof createLabResultLoaders> & ReturnType<typeof createPatientLabLoaders>
}

/** A fresh context, with fresh DataLoaders, for every request: caches never cross requests. */
export function createLabsContext(prisma: LabsPrisma, scope: RequestScope): LabsContext {
  const labResultLoaders = createLabResultLoaders(prisma)
  return { ...scope, prisma, loaders: { ...labResultLoaders, ...createPatientLabLoaders(prisma, labResultLoaders.labResultById) } }
}
