import type { SubgraphModule } from '../../subgraph-runtime/subgraphModule'
import { projectFile } from '../../platform/projectFiles'
import { createPatientsContext, type PatientsContext } from './context'
import { createPatientsPrisma, type PatientsPrisma } from './data/prismaClient'
import { resolvers } from './resolvers'
import { seedPatients } from './seed'
import { PatientsErrorCodes } from './errorCodes'
import { EVENT_FEED_PATH } from '../../contracts/eventFeed'
import { eventFeedRoute } from '../../subgraph-runtime/events/eventFeedRoute'
import { startPatientsBackground, type PatientsBackground } from './enrollment/patientsBackground'
import { ENROLLMENT_ENV_VARIABLES } from './enrollment/enrollmentSettings'

/** The patients context: trial subjects, screening, the enrollment saga (its orchestrator) and visits. */
export const patientsSubgraph: SubgraphModule<PatientsPrisma, PatientsContext, PatientsBackground> = {
  name: 'patients',
  schemaFile: projectFile('subgraphs/patients/schema.graphql'),
  migrationsDir: projectFile('prisma/patients/migrations'),
  resolvers,
  createPrisma: createPatientsPrisma,
  createContext: createPatientsContext,
  seedDemoData: seedPatients,
  startBackground: startPatientsBackground,
  errorCodes: PatientsErrorCodes,
  envVariables: ENROLLMENT_ENV_VARIABLES,
  routes: (app, { prisma, background, serviceOnly, draining }) => {
    // The saga's commands and the subject events, for other subgraphs in embedded mode (contracts/eventFeed.ts).
    app.get(EVENT_FEED_PATH, serviceOnly, eventFeedRoute(prisma, background!.feedPublished, { draining }))
  },
}
