import type { Identity } from './auth/identity'
import { bootSubgraph, type PrismaLike, type SubgraphModule } from './bootSubgraph'
import type { SubgraphConfig } from './config'
import { createLogger } from './logger'
import { runUntilSignalled } from './processLifecycle'
import { startTracing } from './telemetry/tracing'

/** Runs one subgraph as its own process (docker-compose, production, `npm start`'s children). */
export function runSubgraphProcess<P extends PrismaLike, C extends { identity: Identity | null }>(module: SubgraphModule<P, C>, config: SubgraphConfig): void {
  const logger = createLogger(module.name)
  runUntilSignalled(`${module.name} subgraph`, logger, async () => {
    const tracing = startTracing(module.name)
    const running = await bootSubgraph(module, config, { logger })
    return {
      async stop() {
        await running.stop()
        await tracing.shutdown() // last, so the spans of the shutdown itself are sent too
      },
    }
  })
}
