import type { RequestScope } from '../../subgraph-runtime/subgraphModule'
import type { PatientsPrisma } from './data/prismaClient'
import { createPatientLoaders } from './data/patientLoaders'
import { createSitePatientLoaders } from './data/sitePatientLoaders'
import { createSiteStudyLoader } from './data/siteStudyLoader'

export interface PatientsContext extends RequestScope {
  prisma: PatientsPrisma
  loaders: ReturnType<typeof createPatientLoaders> &
    ReturnType<typeof createSitePatientLoaders> &
    ReturnType<typeof createSiteStudyLoader>
}

/** A fresh context, with fresh DataLoaders, for every request: caches never cross requests. */
export function createPatientsContext(prisma: PatientsPrisma, scope: RequestScope): PatientsContext {
  const patientLoaders = createPatientLoaders(prisma)
  return {
    ...scope,
    prisma,
    loaders: {
      ...patientLoaders,
      ...createSitePatientLoaders(prisma, patientLoaders.patientById),
      ...createSiteStudyLoader(prisma),
    },
  }
}
