import type { SubgraphModule } from '../../subgraph-runtime/subgraphModule'
import { projectFile } from '../../platform/projectFiles'
import { createEproContext, type EproContext } from './context'
import { createEproPrisma, type EproPrisma } from './data/prismaClient'
import { resolvers } from './resolvers'
import { seedEpro } from './seed'
import { startEproBackground, type EproBackground } from './events/eproBackground'
import { EproErrorCodes } from './errorCodes'
import { EVENT_FEED_PATH } from '../../contracts/eventFeed'
import { eventFeedRoute } from '../../subgraph-runtime/events/eventFeedRoute'

/** The ePRO context: diary questionnaires and activations, entries, compliance, and the AE alerts they raise. */
export const eproSubgraph: SubgraphModule<EproPrisma, EproContext, EproBackground> = {
  name: 'epro',
  schemaFile: projectFile('subgraphs/epro/schema.graphql'),
  migrationsDir: projectFile('prisma/epro/migrations'),
  resolvers,
  createPrisma: createEproPrisma,
  createContext: (prisma, scope, background) => createEproContext(prisma, scope, background),
  startBackground: startEproBackground,
  seedDemoData: seedEpro,
  errorCodes: EproErrorCodes,
  // The 8 pm peak: diary submissions keep their room when reads flood in (platform/overload/).
  shedsLoad: true,
  routes: (app, { prisma, background, serviceOnly, draining }) => {
    // epro's published events, for other subgraphs in embedded mode (contracts/eventFeed.ts).
    app.get(EVENT_FEED_PATH, serviceOnly, eventFeedRoute(prisma, background!.feedPublished, { draining }))
  },
}
