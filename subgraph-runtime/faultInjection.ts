import type { ApolloServerPlugin } from '@apollo/server'
import { GraphQLError } from 'graphql'
import { ErrorCodes } from '../contracts/errors/commonErrorCodes'
import type { PrismaLike } from './database/prismaClient'
import { requestWork } from './database/requestWork'

/**
 * Test-only fault injection: make a subgraph slow the way real ones are (a slow query, a slow
 * service). Only honoured with NODE_ENV=test; any other environment refuses to start with it set,
 * so a production configuration cannot switch it on.
 */
export interface Faults {
  /** Every operation first runs `SELECT pg_sleep(...)`: a slow statement Postgres can cancel. */
  sqlDelayMs: number
  /** Every operation first waits this long in the process (for PGlite or non-SQL slowness). */
  responseDelayMs: number
}

export function loadFaults(env: NodeJS.ProcessEnv): Faults | undefined {
  const sql = env.FAULT_SQL_DELAY_MS
  const response = env.FAULT_RESPONSE_DELAY_MS
  if (!sql && !response) return undefined
  if (env.NODE_ENV !== 'test') {
    throw new Error(
      `FAULT_SQL_DELAY_MS / FAULT_RESPONSE_DELAY_MS are for tests only and need NODE_ENV=test (NODE_ENV is "${env.NODE_ENV ?? ''}"); refusing to start.`,
    )
  }
  const ms = (value: string | undefined, name: string) => {
    if (!value) return 0
    if (!/^\d{1,7}$/.test(value)) throw new Error(`${name} must be a number of milliseconds, got "${value}".`)
    return Number(value)
  }
  return { sqlDelayMs: ms(sql, 'FAULT_SQL_DELAY_MS'), responseDelayMs: ms(response, 'FAULT_RESPONSE_DELAY_MS') }
}

export function faultInjectionPlugin(faults: Faults, prisma: PrismaLike): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation() {
          if (faults.sqlDelayMs > 0) await prisma.$queryRawUnsafe(`SELECT pg_sleep(${faults.sqlDelayMs / 1000})`)
          if (faults.responseDelayMs > 0) await injectedDelay(faults.responseDelayMs)
        },
      }
    },
  }
}

/**
 * Test-only crash points: places where a process kills itself (SIGKILL, no shutdown) so a test
 * can crash it at exactly that step instead of racing a timer. Each names the step and the moment.
 * - `inventory.allocation.afterCommit`: an allocation command's transaction (kit, list position and
 *   reply in the outbox) has committed, but neither the reply is published nor the offset committed.
 * - `exports.job.midway`: an export job has recorded at least half of its subjects done; its file is
 *   half-written (`.partial`), its row RUNNING with a heartbeat that will now go stale.
 */
const CRASH_POINTS = ['inventory.allocation.afterCommit', 'exports.job.midway'] as const
export type CrashPoint = (typeof CRASH_POINTS)[number]

const isCrashPoint = (value: string): value is CrashPoint => (CRASH_POINTS as readonly string[]).includes(value)

/** FAULT_CRASH_POINT, read once at start; refused outside NODE_ENV=test like the other faults. */
export function loadCrashPoint(env: NodeJS.ProcessEnv): CrashPoint | undefined {
  const point = env.FAULT_CRASH_POINT
  if (!point) return undefined
  if (env.NODE_ENV !== 'test')
    throw new Error(
      `FAULT_CRASH_POINT is for tests only and needs NODE_ENV=test (NODE_ENV is "${env.NODE_ENV ?? ''}"); refusing to start.`,
    )
  if (!isCrashPoint(point))
    throw new Error(`FAULT_CRASH_POINT must be one of ${CRASH_POINTS.join(', ')}, got "${point}".`)
  return point
}

/** Kills this process on the spot when `point` is the configured crash point (a no-op otherwise). */
export function crashIfAt(configured: CrashPoint | undefined, point: CrashPoint): void {
  if (configured === point) process.kill(process.pid, 'SIGKILL')
}

/**
 * The injected slowness ends like real slow work when the request's deadline passes: the subgraph
 * answers DEADLINE_EXCEEDED in an HTTP 200 (as a cancelled statement does, cancelledWork.ts), not
 * a 500. The subgraph is told a deadline rounded down, so its timer can fire a millisecond before
 * the gateway's; a 500 there would reach a busy gateway as a failure that counts towards its
 * breaker, where a missed deadline must not.
 */
async function injectedDelay(ms: number): Promise<void> {
  const work = requestWork.getStore()
  const signal = work?.signal
  const aborted = await new Promise<boolean>((resolve) => {
    if (signal?.aborted) return resolve(true)
    const timer = setTimeout(() => resolve(false), ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        resolve(true)
      },
      { once: true },
    )
  })
  if (!aborted) return
  throw new GraphQLError(
    `The deadline${work && Number.isFinite(work.budgetMs) ? ` of ${work.budgetMs} ms` : ''} passed before this subgraph finished; the fields it owed are null.`,
    { extensions: { code: ErrorCodes.DEADLINE_EXCEEDED.code, reason: 'subgraph-deadline', http: { status: 200 } } },
  )
}
