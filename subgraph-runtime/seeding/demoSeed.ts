import type { Logger } from '../../platform/logging/logger'
import type { PrismaLike } from '../database/prismaClient'
import { openSeedLedger, type LedgerSql, type SeedLedger } from './seedLedger'
import { createSeedRun, type SeedProgress, type SeedRun } from './seedRun'

/** A subgraph's seed: its slice of the demo dataset, written step by step through `run`. */
export type DemoSeed<TPrisma> = (prisma: TPrisma, run: SeedRun) => Promise<void>

/**
 * `new`: every step runs (idempotently) and the ledger starts afresh; `resume`: the steps an
 * interrupted pass finished are skipped, the rest run.
 */
export type SeedPass = 'new' | 'resume'

export interface SeedOutcome {
  pass: SeedPass
  steps: number
  /** Steps skipped because the interrupted pass had finished them. */
  skipped: number
  ms: number
}

/** Which pass a start with SEED_ON_FIRST_START must run, if any. */
export function seedPassOnStart(
  database: { fresh: boolean; migrationsApplied: number },
  ledger: { complete: boolean },
): SeedPass | undefined {
  // A new database gets the demo data; so does one that just gained tables (new migrations), so a
  // developer's existing .data/ fills them too.
  if (database.fresh || database.migrationsApplied > 0) return 'new'
  // A pass that never recorded its completion was interrupted (or the database predates the
  // ledger): finish it, or sign-in fails for accounts whose passwords were never written.
  if (!ledger.complete) return 'resume'
  return undefined
}

/** The ledger's SQL through the subgraph's Prisma client (unqualified names: its own schema). */
function prismaSql(prisma: PrismaLike): LedgerSql {
  return {
    query: async <Row>(sql: string, params: unknown[] = []) => (await prisma.$queryRawUnsafe(sql, ...params)) as Row[],
  }
}

/** Runs a new pass of a subgraph's seed (`npm run seed`): every step, recorded afresh. */
export async function runDemoSeed<TPrisma extends PrismaLike>(
  seed: DemoSeed<TPrisma>,
  prisma: TPrisma,
  options: { logger: Logger; progress?: SeedProgress },
): Promise<SeedOutcome> {
  const ledger = await openSeedLedger(prismaSql(prisma))
  return runPass(seed, prisma, ledger, 'new', options)
}

/**
 * SEED_ON_FIRST_START: seeds a new or newly migrated database, and completes a pass an earlier
 * start left unfinished. Returns undefined when there was nothing to do.
 */
export async function seedOnStart<TPrisma extends PrismaLike>(
  seed: DemoSeed<TPrisma>,
  prisma: TPrisma,
  database: { fresh: boolean; migrationsApplied: number },
  options: { logger: Logger; progress?: SeedProgress },
): Promise<SeedOutcome | undefined> {
  const ledger = await openSeedLedger(prismaSql(prisma))
  const state = await ledger.read()
  const pass = seedPassOnStart(database, state)
  if (!pass) return undefined
  if (pass === 'resume')
    options.logger.warn(
      { finishedSteps: [...state.finishedSteps.keys()] },
      'the demo data seed did not finish last time: completing it',
    )
  return runPass(seed, prisma, ledger, pass, options, state.finishedSteps)
}

async function runPass<TPrisma extends PrismaLike>(
  seed: DemoSeed<TPrisma>,
  prisma: TPrisma,
  ledger: SeedLedger,
  pass: SeedPass,
  options: { logger: Logger; progress?: SeedProgress },
  finishedSteps: ReadonlyMap<string, number> = new Map(),
): Promise<SeedOutcome> {
  const started = performance.now()
  if (pass === 'new') await ledger.startPass()
  const run = createSeedRun({
    ledger,
    logger: options.logger,
    progress: options.progress,
    finishedSteps: pass === 'resume' ? finishedSteps : new Map(),
  })
  await seed(prisma, run)
  // After the last step, not with it: if the process dies in between, the next start resumes a
  // pass whose every step is recorded, skips them all and writes this row.
  await ledger.recordComplete(run.state.steps.length)
  return {
    pass,
    steps: run.state.steps.length,
    skipped: run.state.skipped,
    ms: Math.round(performance.now() - started),
  }
}
