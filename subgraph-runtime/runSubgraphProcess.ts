import type { Identity } from '../contracts/identity'
import { bootSubgraph } from './bootSubgraph'
import type { PrismaLike, SubgraphModule } from './subgraphModule'
import type { SubgraphConfig } from './config'
import { createLogger } from '../platform/logging/logger'
import { runUntilSignalled } from '../platform/shutdown/processLifecycle'
import { startTraced } from '../platform/telemetry/tracing'
import { defaultShutdownSettings } from '../platform/shutdown/shutdownSettings'

/** Runs one subgraph as its own process (docker-compose, production, `npm start`'s children). */
export function runSubgraphProcess<P extends PrismaLike, C extends { identity: Identity | null }>(
  module: SubgraphModule<P, C>,
  config: SubgraphConfig,
): void {
  const logger = createLogger(module.name)
  runUntilSignalled(
    `${module.name} subgraph`,
    logger,
    config.shutdown ?? defaultShutdownSettings(config.production),
    () => startTraced(module.name, () => bootSubgraph(module, config, { logger })),
  )
}
