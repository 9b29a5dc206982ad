import type { SubgraphModule } from '../../subgraph-runtime/subgraphModule'
import { projectFile } from '../../platform/projectFiles'
import { createEdcContext, type EdcContext } from './context'
import { createEdcPrisma, type EdcPrisma } from './data/prismaClient'
import { EdcErrorCodes } from './errorCodes'
import { resolvers } from './resolvers'
import { seedEdc } from './seed'
import { startEdcRuntime, type EdcRuntime } from './edcRuntime'
import { SIGNATURE_ENV_VARIABLES } from '../../subgraph-runtime/auth/signatureSettings'

/**
 * The EDC context: case report forms (versioned, CDISC ODM-shaped definitions), the data entered on
 * them with server-side edit checks, data queries, source data verification, freeze/lock and
 * 21 CFR Part 11 electronic signatures.
 */
export const edcSubgraph: SubgraphModule<EdcPrisma, EdcContext, EdcRuntime> = {
  name: 'edc',
  schemaFile: projectFile('subgraphs/edc/schema.graphql'),
  migrationsDir: projectFile('prisma/edc/migrations'),
  resolvers,
  createPrisma: createEdcPrisma,
  createContext: createEdcContext,
  errorCodes: EdcErrorCodes,
  envVariables: SIGNATURE_ENV_VARIABLES,
  startBackground: startEdcRuntime,
  seedDemoData: seedEdc,
}
