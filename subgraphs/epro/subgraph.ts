import path from 'node:path'
import type { SubgraphModule } from '../../server-kit/bootSubgraph'
import { createEproContext, type EproContext } from './context'
import { createEproPrisma, type EproPrisma } from './data/prismaClient'
import { resolvers } from './resolvers'
import { seedEpro } from './seed'

/** The ePRO context: diary questionnaires, subjects' diary activations, entries and compliance. */
export const eproSubgraph: SubgraphModule<EproPrisma, EproContext> = {
  name: 'epro',
  schemaFile: path.join(__dirname, 'schema.graphql'),
  migrationsDir: path.join(__dirname, '../../prisma/epro/migrations'),
  resolvers,
  createPrisma: createEproPrisma,
  createContext: (prisma, scope) => createEproContext(prisma, scope),
  seedDemoData: seedEpro,
}
