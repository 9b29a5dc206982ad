import fs from 'node:fs'
import { parse } from 'graphql'
import { buildSubgraphSchema } from '@apollo/subgraph'
import type { SubgraphConfig } from './config'
import { openDatabase, type OpenedDatabase } from './database/openDatabase'
import { describeTarget } from './database/target'
import { createLogger, type Logger } from '../platform/logging/logger'
import { DateScalar, DateTimeScalar } from './graphql/scalars'
import { faultInjectionPlugin } from './faultInjection'
import { seedOnStart } from './seeding/demoSeed'
import { startupSeedProgress } from './seeding/startupSeedProgress'
import { startBootStatusServer } from './http/bootStatusServer'
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

/**
 * Opens and migrates the subgraph's own database, seeds it when asked (or completes a seed an
 * earlier start left unfinished), and serves it. Until it serves, its port answers with progress.
 */
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
  // Port 0 (in-process tests) is picked when the real server listens: nobody could poll a status
  // server on another random port.
  const bootStatus =
    config.port === 0
      ? undefined
      : await startBootStatusServer({ name: module.name, port: config.port, host: config.host, logger })
  bootStatus?.report({ status: 'starting', activity: 'opening the database' })
  let database: OpenedDatabase
  try {
    database = await openDatabase(config.database, module.migrationsDir, {
      production: config.production,
      progress: ({ done, total }) =>
        bootStatus?.report({ status: 'starting', activity: 'applying migrations', done, total }),
    })
  } catch (error) {
    await bootStatus?.close()
    throw error
  }
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
    if (config.seedOnFirstStart && module.seedDemoData) {
      bootStatus?.report({ status: 'starting', activity: 'preparing the demo data' })
      const seeded = await seedOnStart(
        module.seedDemoData,
        prisma,
        { fresh: database.fresh, migrationsApplied: database.migrations.applied.length },
        { logger, progress: startupSeedProgress(logger, bootStatus) },
      )
      if (seeded) logger.info(seeded, 'demo data seed finished')
    }
    bootStatus?.report({ status: 'starting', activity: 'starting the server' })
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
      routes: module.routes ? (app, tools) => module.routes!(app, { prisma, background, ...tools }) : undefined,
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
      responseExtensions: module.responseExtensions,
      plugins: config.faults ? [faultInjectionPlugin(config.faults, prisma)] : [],
      executor: config.executor ?? 'cached',
      checkReady: async () => {
        await prisma.$queryRawUnsafe('SELECT 1')
      },
      // The port is handed over at the last moment: /ready goes from 503 straight to the real answer.
      beforeListen: () => bootStatus?.close(),
      loadShedding: module.shedsLoad ? config.loadShedding : undefined,
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
    await bootStatus?.close()
    if (background) await stopNow(background.shutdownPhases, logger).catch(() => {})
    await prisma.$disconnect().catch(() => {})
    await database.close().catch(() => {})
    throw error
  }
}
