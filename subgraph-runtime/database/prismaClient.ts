import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { directReads, type DirectReads } from './directReads'
import type { SqlStatementListener } from './statementListener'

export type { SqlStatementListener } from './statementListener'

/** What every Prisma client we generate offers and the boot sequence needs. */
export interface PrismaLike {
  /** Raw SQL with $1... parameters (readiness, the seed ledger). */
  $queryRawUnsafe(sql: string, ...values: unknown[]): Promise<unknown>
  $disconnect(): Promise<void>
}

interface QueryEvents {
  $on(event: 'query', listener: (event: { query: string; duration: number }) => void): void
}

type PrismaClientClass<P> = new (options: {
  adapter: SqlDriverAdapterFactory
  log?: { emit: 'event'; level: 'query' }[]
  transactionOptions?: { maxWait?: number; timeout?: number }
}) => P

/**
 * Every interactive transaction (`$transaction(async (tx) => …)`) may wait this long for a pool
 * connection to start, and run this long. Prisma's defaults (2 s and 5 s) turned a burst into
 * errors: fifty enrollments at once on a loaded machine queue for the pool's ten connections, and
 * the one still queued after 2 s failed with "Unable to start a transaction in the given time"
 * (INTERNAL_SERVER_ERROR to the client), while a plain query in the same queue would have waited.
 * A transaction now waits like any query, up to the longest the gateway waits for a subgraph call
 * (SUBGRAPH_TIMEOUT_MS, 10 s): past that nobody is waiting for its answer. Work that needs longer
 * says so at its call (the outbox relay).
 */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 10_000 }

/** A subgraph's Prisma client with `direct` beside it: Prisma for writes and the rarer reads, `direct` for the reads every entity fetch runs (directReads.ts). */
export type SubgraphPrisma<P> = P & { readonly direct: DirectReads }

/**
 * Builds a subgraph's generated PrismaClient on its driver adapter, with `direct` on the same
 * adapter and listener: one place wires both, so a statement is counted whichever way it went.
 * Query events cost time on every statement, so they are switched on only when someone counts
 * statements (tests, benches).
 */
export function createPrismaClient<P extends object>(
  Client: PrismaClientClass<P>,
  adapter: SqlDriverAdapterFactory,
  onStatement?: SqlStatementListener,
): SubgraphPrisma<P> {
  const prisma = onStatement
    ? new Client({ adapter, transactionOptions: TRANSACTION_OPTIONS, log: [{ emit: 'event', level: 'query' }] })
    : new Client({ adapter, transactionOptions: TRANSACTION_OPTIONS })
  if (onStatement)
    (prisma as P & QueryEvents).$on('query', (event) => onStatement({ query: event.query, durationMs: event.duration }))
  // Prisma's client is a proxy that keeps properties defined on it.
  Object.defineProperty(prisma, 'direct', { value: directReads(adapter, onStatement), enumerable: false })
  return prisma as SubgraphPrisma<P>
}
