import type { SubgraphModule } from '../../subgraph-runtime/subgraphModule'
import { projectFile } from '../../platform/projectFiles'
import { createLabsContext, type LabsContext } from './context'
import { createLabsPrisma, type LabsPrisma } from './data/prismaClient'
import { resolvers } from './resolvers'
import { seedLabs } from './seed'
import { startLabsBackground, type LabsBackground } from './events/labsBackground'

/** The labs context: laboratory results per subject, coded with LOINC, units in UCUM. */
export const labsSubgraph: SubgraphModule<LabsPrisma, LabsContext, LabsBackground> = {
  name: 'labs',
  schemaFile: projectFile('subgraphs/labs/schema.graphql'),
  migrationsDir: projectFile('prisma/labs/migrations'),
  resolvers,
  createPrisma: createLabsPrisma,
  createContext: createLabsContext,
  seedDemoData: seedLabs,
  startBackground: startLabsBackground,
}
