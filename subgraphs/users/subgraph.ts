import type { SubgraphModule } from '../../subgraph-runtime/subgraphModule'
import { projectFile } from '../../platform/projectFiles'
import { createUsersContext, type UsersContext } from './context'
import { createUsersPrisma, type UsersPrisma } from './data/prismaClient'
import { resolvers } from './resolvers'
import { seedUsers } from './seed'
import { startUsersRuntime, type UsersRuntime } from './auth/usersRuntime'
import { SIGN_IN_ROOT_FIELDS } from '../../contracts/signInOperations'
import { UsersErrorCodes } from './errorCodes'
import { AUTH_ENV_VARIABLES } from './auth/authSettings'
import { sessionStatusRoute } from './auth/sessionStatusRoute'
import { SESSION_STATUS_PATH } from '../../contracts/sessionStatus'
import { GRANTS_VERSIONS_PATH } from '../../contracts/grantsVersions'
import { grantsVersionsRoute } from './staff/grantsVersionsRoute'
import { grantsChangedExtension } from './staff/grantsChangedExtension'
import { EXPORT_CREDENTIAL_PATH } from '../../contracts/exportCredential'
import { exportCredentialRoute, onlyExportsService } from './auth/exportCredentialRoute'

/** The users context: people who work on trials, patient accounts, and the roles they hold. */
export const usersSubgraph: SubgraphModule<UsersPrisma, UsersContext, UsersRuntime> = {
  name: 'users',
  schemaFile: projectFile('subgraphs/users/schema.graphql'),
  migrationsDir: projectFile('prisma/users/migrations'),
  resolvers,
  createPrisma: createUsersPrisma,
  createContext: createUsersContext,
  seedDemoData: seedUsers,
  startBackground: startUsersRuntime,
  errorCodes: UsersErrorCodes,
  envVariables: AUTH_ENV_VARIABLES,
  // Signing in (and activating an invited account) is the one thing an anonymous caller may do.
  anonymousRootFields: SIGN_IN_ROOT_FIELDS,
  responseExtensions: grantsChangedExtension,
  routes: (app, { prisma, background: runtime, gatewayOnly, serviceOnly }) => {
    // The public half of the token-signing key, for the gateway (public by nature: it only verifies).
    app.get('/.well-known/jwks.json', (_req, res) => {
      res.set('cache-control', 'public, max-age=300').json(runtime!.issuer.jwks)
    })
    // Which sessions have ended, for the gateway's live connections (contracts/sessionStatus.ts).
    app.post(SESSION_STATUS_PATH, gatewayOnly, sessionStatusRoute(prisma))
    // Users' current grants versions, for the gateway's check of access tokens (contracts/grantsVersions.ts).
    app.post(GRANTS_VERSIONS_PATH, gatewayOnly, grantsVersionsRoute(prisma))
    // An export job's read-only access token, for the exports context only (contracts/exportCredential.ts).
    app.post(EXPORT_CREDENTIAL_PATH, serviceOnly, onlyExportsService, exportCredentialRoute(prisma, runtime!.issuer))
  },
}
