import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'

/** What every Prisma client we generate offers and the boot sequence needs. */
export interface PrismaLike {
  /** Raw SQL with $1... parameters (readiness, the seed ledger). */
  $queryRawUnsafe(sql: string, ...values: unknown[]): Promise<unknown>
  $disconnect(): Promise<void>
}

/** Called for every SQL statement Prisma sends (statement-count tests, benchmarks). */
export type SqlStatementListener = (statement: { query: string; durationMs: number }) => void

interface QueryEvents {
  $on(event: 'query', listener: (event: { query: string; duration: number }) => void): void
}

type PrismaClientClass<P> = new (options: {
  adapter: SqlDriverAdapterFactory
  log?: { emit: 'event'; level: 'query' }[]
}) => P

/**
 * Builds a subgraph's generated PrismaClient on its driver adapter. Query events cost time on
 * every statement, so they are switched on only when someone counts statements (tests, benches).
 */
export function createPrismaClient<P>(
  Client: PrismaClientClass<P>,
  adapter: SqlDriverAdapterFactory,
  onStatement?: SqlStatementListener,
): P {
  if (!onStatement) return new Client({ adapter })
  const prisma = new Client({ adapter, log: [{ emit: 'event', level: 'query' }] })
  ;(prisma as P & QueryEvents).$on('query', (event) => onStatement({ query: event.query, durationMs: event.duration }))
  return prisma
}
