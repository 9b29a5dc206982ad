import type { Identity } from './auth/identity'
import { bootSubgraph, type PrismaLike, type SubgraphModule } from './bootSubgraph'
import type { SubgraphConfig } from './config'
import { createLogger } from './logger'
import { runUntilSignalled } from './processLifecycle'
import { startTraced } from './telemetry/tracing'
import { defaultShutdownSettings } from './shutdown/shutdownSettings'

/** Runs one subgraph as its own process (docker-compose, production, `npm start`'s children). */
export function runSubgraphProcess<P extends PrismaLike, C extends { identity: Identity | null }>(module: SubgraphModule<P, C>, config: SubgraphConfig): void {
  const logger = createLogger(module.name)
  runUntilSignalled(`${module.name} subgraph`, logger, config.shutdown ?? defaultShutdownSettings(config.production), () => startTraced(module.name, () => bootSubgraph(module, config, { logger })))
}
