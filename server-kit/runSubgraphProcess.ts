import type { Identity } from './auth/identity'
import { bootSubgraph, type PrismaLike, type SubgraphModule } from './bootSubgraph'
import type { SubgraphConfig } from './config'
import { createLogger } from './logger'
import { runUntilSignalled } from './processLifecycle'
import { flushTracesPhase, startTracing } from './telemetry/tracing'
import { defaultShutdownSettings } from './shutdown/shutdownSettings'

/** Runs one subgraph as its own process (docker-compose, production, `npm start`'s children). */
export function runSubgraphProcess<P extends PrismaLike, C extends { identity: Identity | null }>(module: SubgraphModule<P, C>, config: SubgraphConfig): void {
  const logger = createLogger(module.name)
  runUntilSignalled(`${module.name} subgraph`, logger, config.shutdown ?? defaultShutdownSettings(config.production), async () => {
    const tracing = startTracing(module.name)
    const running = await bootSubgraph(module, config, { logger })
    return { shutdownPhases: [...running.shutdownPhases, flushTracesPhase(tracing)] }
  })
}
