import type { SubgraphModule } from '../../subgraph-runtime/subgraphModule'
import { projectFile } from '../../platform/projectFiles'
import { EXPORT_DOWNLOAD_SUBGRAPH_PATH } from '../../contracts/exportDownload'
import { createExportsContext, type ExportsContext } from './context'
import { createExportsPrisma, type ExportsPrisma } from './data/prismaClient'
import { resolvers } from './resolvers'
import { ExportsErrorCodes } from './errorCodes'
import { EXPORT_ENV_VARIABLES } from './exportSettings'
import { startExportsBackground, type ExportsBackground } from './jobs/exportsBackground'
import { downloadRoute } from './downloads/downloadRoute'

/**
 * The exports context: export jobs — who asked for which study, in which format and profile — run
 * in the background, reading the study through the gateway like any client, and their files,
 * downloaded through the gateway with short-lived signed links. Every export and download audited.
 */
export const exportsSubgraph: SubgraphModule<ExportsPrisma, ExportsContext, ExportsBackground> = {
  name: 'exports',
  schemaFile: projectFile('subgraphs/exports/schema.graphql'),
  migrationsDir: projectFile('prisma/exports/migrations'),
  resolvers,
  createPrisma: createExportsPrisma,
  createContext: createExportsContext,
  errorCodes: ExportsErrorCodes,
  envVariables: EXPORT_ENV_VARIABLES,
  startBackground: startExportsBackground,
  routes: (app, { prisma, background, gatewayOnly }) => {
    const { settings, logger } = background!
    app.get(
      `${EXPORT_DOWNLOAD_SUBGRAPH_PATH}/:token`,
      gatewayOnly,
      downloadRoute(prisma, settings.linkKey, settings.storageDir, logger),
    )
  },
}
