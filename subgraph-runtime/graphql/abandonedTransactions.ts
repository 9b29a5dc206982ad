import type { GraphQLFormattedError } from 'graphql'
import { unwrapResolverError } from '@apollo/server/errors'
import type { Logger } from '../../platform/logging/logger'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'

/** Prisma's "Transaction API error", whatever went wrong with an interactive transaction. */
const TRANSACTION_API_ERROR = 'P2028'

/**
 * The two P2028 cases in which Prisma committed nothing: the transaction never started (no pool
 * connection came free within `maxWait`), or it ran past `timeout`, so Prisma rolled it back and
 * refused its next statement or its commit. Other P2028s (a transaction used after its commit, or
 * one Prisma no longer knows) are bugs in our code, and may follow a commit: they stay internal.
 */
const NOTHING_COMMITTED = [
  /Unable to start a transaction in the given time/,
  /cannot be executed on an expired transaction/,
]

/** How long a client should wait before it sends the change again: the pool is busy, not broken. */
const RETRY_AFTER_SECONDS = 1

/** Whether an error is an interactive transaction Prisma gave up on without committing anything. */
export function isAbandonedTransaction(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false
  const e = error as { code?: unknown; message?: unknown; cause?: unknown }
  if (e.code === TRANSACTION_API_ERROR && typeof e.message === 'string')
    return NOTHING_COMMITTED.some((pattern) => pattern.test(e.message as string))
  return isAbandonedTransaction(e.cause, depth + 1)
}

/**
 * Apollo Server `formatError` step before the masking: a change whose transaction the database
 * could not serve in time reaches the client as DATABASE_BUSY, which says that nothing of it was
 * saved and that sending it again is safe. Before, it was INTERNAL_SERVER_ERROR: a CRC enrolling
 * in a burst could not tell a busy moment from a broken server, nor whether the enrollment had
 * happened. Logged at warn level: a pool too small for its load is worth seeing, not a bug.
 */
export function reportAbandonedTransactions(
  format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
  logger: Logger,
) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error)
    if (!isAbandonedTransaction(original)) return format(formatted, error)
    logger.warn({ err: original, path: formatted.path }, 'transaction abandoned: the database was too busy')
    return {
      message: 'The database was too busy to make this change in time. Nothing of it was saved: send it again.',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCodes.DATABASE_BUSY.code, retryAfterSeconds: RETRY_AFTER_SECONDS },
    }
  }
}
