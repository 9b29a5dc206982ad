import path from 'node:path'
import type { SubgraphModule } from '../../subgraph-runtime/subgraphModule'
import { createPatientsContext, type PatientsContext } from './context'
import { createPatientsPrisma, type PatientsPrisma } from './data/prismaClient'
import { resolvers } from './resolvers'
import { seedPatients } from './seed'
import { PatientsErrorCodes } from './errorCodes'
import { startPatientsBackground, type PatientsBackground } from './enrollment/patientsBackground'
import { ENROLLMENT_ENV_VARIABLES } from './enrollment/enrollmentSettings'

/** The patients context: trial subjects, screening, the enrollment saga (its orchestrator) and visits. */
export const patientsSubgraph: SubgraphModule<PatientsPrisma, PatientsContext, PatientsBackground> = {
  name: 'patients',
  schemaFile: path.join(__dirname, 'schema.graphql'),
  migrationsDir: path.join(__dirname, '../../prisma/patients/migrations'),
  resolvers,
  createPrisma: createPatientsPrisma,
  createContext: createPatientsContext,
  seedDemoData: seedPatients,
  startBackground: startPatientsBackground,
  errorCodes: PatientsErrorCodes,
  envVariables: ENROLLMENT_ENV_VARIABLES,
}
