import path from 'node:path'
import type { SubgraphModule } from '../../subgraph-runtime/subgraphModule'
import { createStudiesContext, type StudiesContext } from './context'
import { createStudiesPrisma, type StudiesPrisma } from './data/prismaClient'
import { resolvers } from './resolvers'
import { seedStudies } from './seed'
import { StudiesErrorCodes } from './errorCodes'

/** The studies context: protocols and the investigational sites that run them. */
export const studiesSubgraph: SubgraphModule<StudiesPrisma, StudiesContext> = {
  name: 'studies',
  schemaFile: path.join(__dirname, 'schema.graphql'),
  migrationsDir: path.join(__dirname, '../../prisma/studies/migrations'),
  resolvers,
  createPrisma: createStudiesPrisma,
  createContext: createStudiesContext,
  seedDemoData: seedStudies,
  errorCodes: StudiesErrorCodes,
}
