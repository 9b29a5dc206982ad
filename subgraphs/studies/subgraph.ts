import type { SubgraphModule } from '../../subgraph-runtime/subgraphModule'
import { projectFile } from '../../platform/projectFiles'
import { createStudiesContext, type StudiesContext } from './context'
import { createStudiesPrisma, type StudiesPrisma } from './data/prismaClient'
import { resolvers } from './resolvers'
import { seedStudies } from './seed'
import { StudiesErrorCodes } from './errorCodes'
import { startStudiesBackground, type StudiesBackground } from './enrollment/studiesBackground'
import { EVENT_FEED_PATH } from '../../contracts/eventFeed'
import { eventFeedRoute } from '../../subgraph-runtime/events/eventFeedRoute'

/** The studies context: protocols, the investigational sites that run them, and their enrollment slots. */
export const studiesSubgraph: SubgraphModule<StudiesPrisma, StudiesContext, StudiesBackground> = {
  name: 'studies',
  schemaFile: projectFile('subgraphs/studies/schema.graphql'),
  migrationsDir: projectFile('prisma/studies/migrations'),
  resolvers,
  createPrisma: createStudiesPrisma,
  createContext: createStudiesContext,
  seedDemoData: seedStudies,
  errorCodes: StudiesErrorCodes,
  startBackground: startStudiesBackground,
  routes: (app, { prisma, background, serviceOnly, draining }) => {
    // The replies to the saga's slot commands, for patients in embedded mode (contracts/eventFeed.ts).
    app.get(EVENT_FEED_PATH, serviceOnly, eventFeedRoute(prisma, background!.feedPublished, { draining }))
  },
}
