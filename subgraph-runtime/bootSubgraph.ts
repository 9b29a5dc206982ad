import fs from 'node:fs'
import { parse } from 'graphql'
import { buildSubgraphSchema } from '@apollo/subgraph'
import type { SubgraphConfig } from './config'
import { openDatabase } from './database/openDatabase'
import { describeTarget } from './database/target'
import { createLogger, type Logger } from '../platform/logging/logger'
import { DateScalar, DateTimeScalar } from './graphql/scalars'
import { faultInjectionPlugin } from './faultInjection'
import { logSeedProgress } from './seeding'
import { startSubgraphServer, type RunningSubgraph } from './http/subgraphServer'
import { CLOSE_HANDSHAKE_MS } from '../platform/shutdown/closeSubscriptionSockets'
import { requestLogFields } from '../platform/logging/logContext'
import type { Identity } from '../contracts/identity'
import { assertionKey } from '../contracts/gatewayAssertion'
import { stopNow, type ShutdownPhase } from '../platform/shutdown/shutdownSequence'
import { defaultShutdownSettings, drainGraceMs } from '../platform/shutdown/shutdownSettings'
import type { BackgroundWork, PrismaLike, SqlStatementListener, SubgraphModule } from './subgraphModule'

/**
 * The resolver map buildSubgraphSchema takes, read off its public signature (@apollo/subgraph
 * exports the function, not the type).
 */
type SubgraphResolvers = NonNullable<
  Extract<Parameters<typeof buildSubgraphSchema>[0], { resolvers?: unknown }>['resolvers']
>

export interface BootOptions {
  logger?: Logger
  onSqlStatement?: SqlStatementListener
}

export interface BootedSubgraph<TPrisma, TBackground = BackgroundWork> extends RunningSubgraph {
  prisma: TPrisma
  background?: TBackground
  /** Runs every shutdown phase with no bound (in-process servers); processes use shutdownPhases. */
  stop(): Promise<void>
}

/** Opens and migrates the subgraph's own database, seeds it when asked, and serves it. */
export async function bootSubgraph<
  TPrisma extends PrismaLike,
  TContext extends { identity: Identity | null },
  TBackground extends BackgroundWork = BackgroundWork,
>(
  module: SubgraphModule<TPrisma, TContext, TBackground>,
  config: SubgraphConfig,
  options: BootOptions = {},
): Promise<BootedSubgraph<TPrisma, TBackground>> {
  const logger = options.logger ?? createLogger(module.name)
  const shutdown = config.shutdown ?? defaultShutdownSettings(config.production)
  const started = performance.now()
  const database = await openDatabase(config.database, module.migrationsDir, { production: config.production })
  logger.info(
    { database: describeTarget(config.database), applied: database.migrations.applied, roles: database.roles },
    'database ready',
  )
  for (const warning of database.warnings) logger.warn(warning)
  if (config.faults)
    logger.warn({ faults: config.faults }, 'TEST FAULT INJECTION ACTIVE: this subgraph is slowed on purpose')
  const prisma = module.createPrisma(database.adapter, options.onSqlStatement)
  let background: TBackground | undefined
  try {
    // A new database gets the demo data; so does one that just gained tables (new migrations), so a
    // developer's existing .data/ fills them too. Seeds are idempotent: existing rows are kept.
    const needsSeed = database.fresh || database.migrations.applied.length > 0
    if (config.seedOnFirstStart && needsSeed && module.seedDemoData)
      await module.seedDemoData(prisma, { logger, progress: logSeedProgress(logger) })
    background = await module.startBackground?.(prisma, { logger, config })
    const schema = buildSubgraphSchema({
      typeDefs: parse(fs.readFileSync(module.schemaFile, 'utf8')),
      resolvers: { DateTime: DateTimeScalar, Date: DateScalar, ...module.resolvers } as SubgraphResolvers,
    })
    const server = await startSubgraphServer<TContext>({
      name: module.name,
      port: config.port,
      host: config.host,
      schema,
      logger,
      authKey: assertionKey(config.authSecret),
      anonymousRootFields: module.anonymousRootFields ?? [],
      routes: module.routes
        ? (app, gatewayOnly) => module.routes!(app, { prisma, background, gatewayOnly })
        : undefined,
      // Over HTTP every line already carries the request's id and user (the logger's mixin); a
      // graphql-ws operation runs outside that context, so its logger says them itself.
      createContext: ({ requestId, identity }) =>
        module.createContext(
          prisma,
          {
            requestId,
            identity,
            logger: requestLogFields() ? logger : logger.child({ requestId, userId: identity?.userId }),
          },
          background,
        ),
      plugins: config.faults ? [faultInjectionPlugin(config.faults, prisma)] : [],
      checkReady: async () => {
        await prisma.$queryRawUnsafe('SELECT 1')
      },
      drainGraceMs: drainGraceMs(shutdown, CLOSE_HANDSHAKE_MS),
      readinessDelayMs: shutdown.readinessDelayMs,
    })
    logger.info({ ms: Math.round(performance.now() - started) }, `${module.name} subgraph started`)
    const shutdownPhases: ShutdownPhase[] = [
      ...server.shutdownPhases,
      // After the http phase: every accepted request has committed, so its outbox rows are there.
      ...(background?.shutdownPhases ?? []),
      {
        name: 'database',
        run: async () => {
          await prisma.$disconnect()
          await database.close() // the pg pool ends; PGlite closes its data directory consistently
        },
      },
    ]
    return { ...server, prisma, background, shutdownPhases, stop: () => stopNow(shutdownPhases, logger) }
  } catch (error) {
    if (background) await stopNow(background.shutdownPhases, logger).catch(() => {})
    await prisma.$disconnect().catch(() => {})
    await database.close().catch(() => {})
    throw error
  }
}
