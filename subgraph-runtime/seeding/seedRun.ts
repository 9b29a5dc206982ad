import type { Logger } from '../../platform/logging/logger'
import type { SeedLedger } from './seedLedger'

/** Reports seeding progress per step (the seed script draws bars; servers log and answer /ready). */
export type SeedProgress = (step: { table: string; done: number; total: number; skipped?: boolean }) => void

/** What a subgraph's seed (`SubgraphModule.seedDemoData`) writes its demo data through. */
export interface SeedRun {
  logger: Logger
  /**
   * One step of the seed: writes `rows` in batches with an idempotent writer (`createMany({
   * skipDuplicates: true })` over rows with stable ids, so a batch written twice inserts nothing the
   * second time) and records the step as finished. When this pass resumes an interrupted one that
   * already finished the step with as many rows, it is skipped. Steps run in the order called, so
   * parents come before children.
   */
  table<R>(name: string, rows: readonly R[], write: (batch: R[]) => Promise<unknown>, batchSize?: number): Promise<void>
}

const DEFAULT_BATCH_SIZE = 1000

interface SeedRunState {
  /** Names of the steps run or skipped so far. */
  steps: string[]
  /** How many of them were skipped (finished by the interrupted pass this one resumes). */
  skipped: number
}

export function createSeedRun(options: {
  ledger: SeedLedger
  logger: Logger
  progress?: SeedProgress
  /** Steps the interrupted pass this one resumes already finished, with their row counts (empty for a new pass). */
  finishedSteps: ReadonlyMap<string, number>
}): SeedRun & { state: SeedRunState } {
  const { ledger, logger, progress, finishedSteps } = options
  const state: SeedRunState = { steps: [], skipped: 0 }
  return {
    logger,
    state,
    async table(name, rows, write, batchSize = DEFAULT_BATCH_SIZE) {
      if (state.steps.includes(name)) throw new Error(`Seed step "${name}" is called twice: step names must be unique`)
      state.steps.push(name)
      if (finishedSteps.get(name) === rows.length) {
        state.skipped += 1
        progress?.({ table: name, done: rows.length, total: rows.length, skipped: true })
        return
      }
      progress?.({ table: name, done: 0, total: rows.length })
      for (let start = 0; start < rows.length; start += batchSize) {
        await write(rows.slice(start, start + batchSize))
        progress?.({ table: name, done: Math.min(start + batchSize, rows.length), total: rows.length })
        // Embedded PGlite runs each statement synchronously and resolves it without a turn of the
        // event loop: batch after batch, no connection would be accepted, and /ready, which reports
        // this progress, would not answer until the seed ends (measured: no answer for 15 s).
        await new Promise((resolve) => setImmediate(resolve))
      }
      await ledger.recordStep(name, rows.length)
    },
  }
}
