import type { Logger } from '../../../platform/logging/logger'
import { assertionKey } from '../../../contracts/gatewayAssertion'
import type { SubgraphConfig } from '../../../subgraph-runtime/config'
import type { BackgroundWork } from '../../../subgraph-runtime/subgraphModule'
import type { ExportsPrisma } from '../data/prismaClient'
import { loadExportSettings, type ExportSettings } from '../exportSettings'
import { startJobRunner, type JobRunner } from './jobRunner'

export interface ExportsBackground extends BackgroundWork {
  settings: ExportSettings
  runner: JobRunner
  logger: Logger
}

/** The job runner (its workers claim queued jobs), stopped first at shutdown: a running job goes back to the queue. */
export async function startExportsBackground(
  prisma: ExportsPrisma,
  { logger, config }: { logger: Logger; config: SubgraphConfig },
): Promise<ExportsBackground> {
  const settings = loadExportSettings(config)
  if (settings.pseudonymSecretDerived)
    logger.warn(
      'EXPORT_PSEUDONYM_SECRET is not set: pseudonyms are keyed with a key derived from SUBGRAPH_AUTH_SECRET (development only)',
    )
  const runner = startJobRunner(prisma, {
    workers: settings.workers,
    staleAfterMs: settings.staleAfterMs,
    gatewayUrl: settings.gatewayUrl,
    usersUrl: settings.usersUrl,
    authKey: assertionKey(config.authSecret),
    storageDir: settings.storageDir,
    pseudonymSecret: settings.pseudonymSecret,
    logger,
    crashPoint: config.crashPoint,
  })
  return {
    settings,
    runner,
    logger,
    shutdownPhases: [{ name: 'export jobs back to the queue', run: () => runner.stop() }],
  }
}
