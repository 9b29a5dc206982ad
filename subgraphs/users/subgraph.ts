import path from 'node:path'
import type { SubgraphModule } from '../../server-kit/bootSubgraph'
import { createUsersContext, type UsersContext } from './context'
import { createUsersPrisma, type UsersPrisma } from './data/prismaClient'
import { resolvers } from './resolvers'
import { seedUsers } from './seed'

/** The users context: people who work on trials, patient accounts, and the roles they hold. */
export const usersSubgraph: SubgraphModule<UsersPrisma, UsersContext> = {
  name: 'users',
  schemaFile: path.join(__dirname, 'schema.graphql'),
  migrationsDir: path.join(__dirname, '../../prisma/users/migrations'),
  resolvers,
  createPrisma: createUsersPrisma,
  createContext: createUsersContext,
  seedDemoData: seedUsers,
}
