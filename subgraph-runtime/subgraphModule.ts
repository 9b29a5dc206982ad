import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { Express } from 'express'
import type { RouteTools } from './http/subgraphServer'
import type { Identity } from '../contracts/identity'
import type { Logger } from '../platform/logging/logger'
import type { ShutdownPhase } from '../platform/shutdown/shutdownSequence'
import type { SubgraphConfig, SubgraphName } from './config'
import type { ErrorCodeRegistry } from '../contracts/errors/errorRegistry'
import type { PrismaLike, SqlStatementListener } from './database/prismaClient'
import type { SeedRun } from './seeding/seedRun'

// What a subgraph hands the runtime, in a module of its own: the boot sequence, the fault
// injection and the tools that handle every subgraph (seed, statement counts) all need these
// types, and none of them may need the boot sequence to get them.
export type { PrismaLike, SqlStatementListener }

export interface RequestScope {
  requestId: string
  logger: Logger
  /** Who is asking, as the gateway vouched (null: anonymous, which may only sign in). */
  identity: Identity | null
}

/** Work a subgraph runs beside its HTTP server (outbox relay, event consumers). */
export interface BackgroundWork {
  /** How it stops, run in order once the HTTP server has drained (each logged, bounded and named when cut short). */
  shutdownPhases: readonly ShutdownPhase[]
}

/** A subgraph as a unit: its SDL, resolvers, storage and per-request context. */
export interface SubgraphModule<
  TPrisma extends PrismaLike,
  TContext extends { identity: Identity | null },
  TBackground extends BackgroundWork = BackgroundWork,
> {
  name: SubgraphName
  schemaFile: string
  migrationsDir: string
  /** The subgraph's resolver map (its generated `Resolvers` type). */
  resolvers: object
  createPrisma(adapter: SqlDriverAdapterFactory, onStatement?: SqlStatementListener): TPrisma
  createContext(prisma: TPrisma, scope: RequestScope, background?: TBackground): TContext
  /** Starts the subgraph's background work; it is stopped after the server has drained. */
  startBackground?(prisma: TPrisma, options: { logger: Logger; config: SubgraphConfig }): Promise<TBackground>
  /**
   * Root fields an anonymous caller (no signed-in user, still only via the gateway) may use —
   * signing in. Everything else requires an identity before any resolver runs.
   */
  anonymousRootFields?: readonly string[]
  /**
   * Extra non-GraphQL routes: public ones (the users context's JWKS), for the gateway only behind
   * `gatewayOnly` (the users context's session status), for other subgraphs only behind
   * `serviceOnly` (the outbox feed).
   */
  routes?(app: Express, tools: RouteTools & { prisma: TPrisma; background?: TBackground }): void
  /** The codes this context raises beyond the common ones (docs/errors.md lists them). */
  errorCodes?: ErrorCodeRegistry
  /** Extensions this context adds to a response (the users context's grants versions, for the gateway). */
  responseExtensions?(context: TContext): Record<string, unknown> | undefined
  /**
   * Sheds load adaptively at /graphql (platform/overload/; LOAD_SHEDDING): for a context that takes
   * surges of writes it must not lose to a flood of reads (epro's 8 pm diary peak).
   */
  shedsLoad?: boolean
  /** Environment variables this context reads beyond every subgraph's (deployment files are checked against them). */
  envVariables?: readonly string[]
  /**
   * Writes this context's slice of the demo dataset, step by step through `run.table` (each step
   * idempotent: stable ids, duplicates skipped), so an interrupted seed is completed on the next start.
   */
  seedDemoData?(prisma: TPrisma, run: SeedRun): Promise<void>
}
