import type { RequestScope } from '../../subgraph-runtime/subgraphModule'
import type { PatientsPrisma } from './data/prismaClient'
import { createPatientLoaders } from './data/patientLoaders'
import { createSitePatientLoaders } from './data/sitePatientLoaders'
import { createSiteStudyLoader } from './data/siteStudyLoader'
import { createEnrollmentLoaders } from './data/enrollmentSagas'
import type { PatientsBackground } from './enrollment/patientsBackground'

export interface PatientsContext extends RequestScope {
  prisma: PatientsPrisma
  /** The enrollment orchestrator (relay, settings), when the subgraph runs it (not in some unit tests). */
  background?: PatientsBackground
  loaders: ReturnType<typeof createPatientLoaders> &
    ReturnType<typeof createSitePatientLoaders> &
    ReturnType<typeof createSiteStudyLoader> &
    ReturnType<typeof createEnrollmentLoaders>
}

/** A fresh context, with fresh DataLoaders, for every request: caches never cross requests. */
export function createPatientsContext(
  prisma: PatientsPrisma,
  scope: RequestScope,
  background?: PatientsBackground,
): PatientsContext {
  const patientLoaders = createPatientLoaders(prisma)
  return {
    ...scope,
    prisma,
    background,
    loaders: {
      ...patientLoaders,
      ...createSitePatientLoaders(prisma, patientLoaders.patientById),
      ...createSiteStudyLoader(prisma),
      ...createEnrollmentLoaders(prisma),
    },
  }
}
