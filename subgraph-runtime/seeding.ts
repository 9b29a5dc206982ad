import type { Logger } from '../platform/logging/logger'

/** Reports seeding progress per table (the seed script draws bars; servers log). */
export type SeedProgress = (step: { table: string; done: number; total: number }) => void

export interface SeedOptions {
  logger: Logger
  progress?: SeedProgress
}

/**
 * Inserts rows in batches with `createMany({ skipDuplicates: true })`-style writers. The demo data
 * has stable ids, so running a seed twice inserts nothing the second time (idempotent).
 */
export async function writeInBatches<R>(
  table: string,
  rows: readonly R[],
  write: (batch: R[]) => Promise<unknown>,
  progress?: SeedProgress,
  batchSize = 1000,
): Promise<void> {
  progress?.({ table, done: 0, total: rows.length })
  for (let start = 0; start < rows.length; start += batchSize) {
    await write(rows.slice(start, start + batchSize))
    progress?.({ table, done: Math.min(start + batchSize, rows.length), total: rows.length })
  }
}

/** Progress reporter for servers: one log line per finished table. */
export function logSeedProgress(logger: Logger): SeedProgress {
  return ({ table, done, total }) => {
    if (done === total) logger.info({ table, rows: total }, 'demo data seeded')
  }
}
