import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * The request a piece of work is done for, as far as cancellation goes: its signal aborts when
 * the request's deadline passes or the caller (the gateway) goes away. Stored per async context so
 * the database driver, far below the resolvers and DataLoaders, can see it.
 */
export interface RequestWork {
  signal: AbortSignal
  /** Milliseconds the caller allowed when the request arrived (for messages and logs). */
  budgetMs: number
}

export const requestWork = new AsyncLocalStorage<RequestWork>()

export class WorkCancelledError extends Error {
  override readonly name = 'WorkCancelledError'
  constructor(readonly reason: string) {
    super(`Work cancelled: ${reason}`)
  }
}
