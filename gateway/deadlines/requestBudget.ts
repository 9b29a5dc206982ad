import { performance } from 'node:perf_hooks'

export type AbortCause = 'request-budget' | 'client-closed'

/**
 * One request's time budget. Its signal aborts when the budget runs out or the client goes away;
 * every subgraph fetch of the request listens to it. Timers are cleared on finish so nothing
 * lingers after the response (AbortSignal.timeout would keep its timer until it fires).
 */
export class RequestDeadline {
  readonly startedAt = performance.now()
  private readonly controller = new AbortController()
  private readonly timer: NodeJS.Timeout
  cause: AbortCause | undefined

  constructor(readonly budgetMs: number) {
    this.timer = setTimeout(() => this.abort('request-budget'), budgetMs)
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  elapsedMs(): number {
    return performance.now() - this.startedAt
  }

  remainingMs(): number {
    return this.budgetMs - this.elapsedMs()
  }

  abort(cause: AbortCause): void {
    if (this.controller.signal.aborted) return
    this.cause = cause
    clearTimeout(this.timer)
    this.controller.abort(cause)
  }

  finish(): void {
    clearTimeout(this.timer)
  }
}
