import type { GraphQLFormattedError } from 'graphql'
import { unwrapResolverError } from '@apollo/server/errors'
import type { Logger } from '../../platform/logging/logger'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import { requestWork, WorkCancelledError } from '../database/requestWork'

/** Postgres' query_canceled: pg_cancel_backend (our deadline) or statement_timeout. */
const QUERY_CANCELED = '57014'

/** Also the error's `extensions.reason`. */
export type Cancellation = 'subgraph-deadline' | 'statement-timeout'

/**
 * Whether an error is work this subgraph cancelled on purpose, not a failure: a statement that did
 * not start because the request's signal had aborted (WorkCancelledError), or one Postgres
 * cancelled — at our request when the deadline passed (cancellableClient), or past
 * STATEMENT_TIMEOUT_MS. Prisma wraps the driver's error (meta.driverAdapterError.cause); a raw pg
 * error carries the SQLSTATE in `code`. Looks through `cause` chains.
 */
export function cancellationOf(error: unknown, depth = 0): Cancellation | null {
  if (!error || typeof error !== 'object' || depth > 5) return null
  if (error instanceof WorkCancelledError) return 'subgraph-deadline'
  const e = error as {
    code?: unknown
    message?: unknown
    meta?: { driverAdapterError?: { cause?: unknown } }
    cause?: unknown
  }
  const driverCause = e.meta?.driverAdapterError?.cause as { code?: unknown; message?: unknown } | undefined
  const sqlState = driverCause?.code ?? e.code
  if (sqlState === QUERY_CANCELED) {
    const message = String(driverCause?.message ?? e.message ?? '')
    return message.includes('statement timeout') ? 'statement-timeout' : 'subgraph-deadline'
  }
  return cancellationOf(e.cause, depth + 1)
}

/**
 * Apollo Server `formatError` step before the masking: cancelled work reaches the gateway as what
 * it is — DEADLINE_EXCEEDED on the fields it owed — and is logged once at info level, not as an
 * unexpected error (a busy subgraph cancels work every time a deadline passes).
 */
export function reportCancelledWork(
  format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
  logger: Logger,
) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const cancellation = cancellationOf(unwrapResolverError(error))
    if (!cancellation) return format(formatted, error)
    const work = requestWork.getStore()
    const message =
      cancellation === 'statement-timeout'
        ? "A statement ran past this subgraph's statement timeout and was cancelled; the fields it owed are null."
        : `The deadline${work && Number.isFinite(work.budgetMs) ? ` of ${work.budgetMs} ms` : ''} passed before this subgraph finished; the fields it owed are null.`
    logger.info({ path: formatted.path, cancellation, reason: work?.signal.reason }, 'work cancelled: deadline passed')
    return {
      message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCodes.DEADLINE_EXCEEDED.code, reason: cancellation },
    }
  }
}
