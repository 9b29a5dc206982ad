import path from 'node:path'
import type { SubgraphModule } from '../../subgraph-runtime/subgraphModule'
import { createPatientsContext, type PatientsContext } from './context'
import { createPatientsPrisma, type PatientsPrisma } from './data/prismaClient'
import { resolvers } from './resolvers'
import { seedPatients } from './seed'

/** The patients context: trial subjects, enrollment and visits. */
export const patientsSubgraph: SubgraphModule<PatientsPrisma, PatientsContext> = {
  name: 'patients',
  schemaFile: path.join(__dirname, 'schema.graphql'),
  migrationsDir: path.join(__dirname, '../../prisma/patients/migrations'),
  resolvers,
  createPrisma: createPatientsPrisma,
  createContext: createPatientsContext,
  seedDemoData: seedPatients,
}
