import type { SubgraphModule } from '../../subgraph-runtime/subgraphModule'
import { projectFile } from '../../platform/projectFiles'
import { SIGNATURE_ENV_VARIABLES } from '../../subgraph-runtime/auth/signatureSettings'
import { createInventoryContext, type InventoryContext } from './context'
import { createInventoryPrisma, type InventoryPrisma } from './data/prismaClient'
import { InventoryErrorCodes } from './errorCodes'
import { resolvers } from './resolvers'
import { seedInventory } from './seed'
import { startInventoryRuntime, type InventoryRuntime } from './unblinding/inventoryRuntime'
import { EVENT_FEED_PATH } from '../../contracts/eventFeed'
import { eventFeedRoute } from '../../subgraph-runtime/events/eventFeedRoute'

/**
 * The inventory context (IRT/RTSM): randomisation lists, investigational product (kits, depots,
 * shipments, dispensing, stock), kit allocation for enrollment, and emergency unblinding. It alone
 * holds the treatment arm, and shows it to unblinded roles only.
 */
export const inventorySubgraph: SubgraphModule<InventoryPrisma, InventoryContext, InventoryRuntime> = {
  name: 'inventory',
  schemaFile: projectFile('subgraphs/inventory/schema.graphql'),
  migrationsDir: projectFile('prisma/inventory/migrations'),
  resolvers,
  createPrisma: createInventoryPrisma,
  createContext: createInventoryContext,
  errorCodes: InventoryErrorCodes,
  envVariables: SIGNATURE_ENV_VARIABLES,
  startBackground: startInventoryRuntime,
  seedDemoData: seedInventory,
  routes: (app, { prisma, background, serviceOnly, draining }) => {
    // The replies to the saga's allocation commands, for patients in embedded mode (contracts/eventFeed.ts).
    app.get(EVENT_FEED_PATH, serviceOnly, eventFeedRoute(prisma, background!.feedPublished, { draining }))
  },
}
