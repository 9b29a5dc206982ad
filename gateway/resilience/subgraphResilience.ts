import {
  circuitBreaker,
  CircuitState,
  ExponentialBackoff,
  handleWhenResult,
  isBrokenCircuitError,
  noJitterGenerator,
  retry,
  type CircuitBreakerPolicy,
  type RetryPolicy,
} from 'cockatiel'
import {
  abortCountsAgainstSubgraph,
  countsAgainstSubgraph,
  describeFailure,
  isTransient,
  type AbortCause,
  type FetchFailure,
} from './fetchFailure'
import { RetryBudget, type RetryBudgetSettings } from './retryBudget'
import { HealthBreaker } from './healthBreaker'
import type { CallVerdict, HealthThresholds } from './healthWindow'
import type { Logger } from '../../platform/logging/logger'
import {
  BREAKER_STATE_VALUE,
  breakerState,
  breakerTransitions,
  fastFailures,
  retries,
  type BreakerStateName,
} from './breakerMetrics'

export interface ResilienceSettings {
  /** When a subgraph's calls say it is failing (healthWindow.ts): window, minimum calls, failure and slow rates. */
  breaker: HealthThresholds
  /**
   * The longest an open breaker fails fast before it lets one probe call through (half-open); the
   * first probe comes after a quarter of it, later ones after twice the last wait, up to this.
   */
  breakerCooldownMs: number
  /** Retries after the first attempt, for idempotent fetches that failed transiently. */
  maxRetries: number
  /** First back-off; later ones grow exponentially with decorrelated jitter, up to 8 times this. */
  retryBackoffMs: number
  retryBudget: RetryBudgetSettings
  /** The least time a subgraph is given a fair chance with (see abortCountsAgainstSubgraph). */
  minFetchMs: number
}

/** What one attempt at a fetch came to, as the data source saw it. */
export type AttemptOutcome<R = unknown> =
  | { kind: 'answered'; response: R }
  | { kind: 'failed'; failure: FetchFailure }
  /** The fetch's signal fired: `givenMs` is how long the subgraph had been given. */
  | { kind: 'aborted'; cause: AbortCause; givenMs: number }

/**
 * The fetch's end: its last attempt, or `fast-failed` (breaker open), or `gave-up` (its signal fired
 * while it waited on a half-open probe).
 */
export type FetchOutcome<R = unknown> = AttemptOutcome<R> | { kind: 'fast-failed' } | { kind: 'gave-up' }

export interface FetchTerms {
  /** Only a read may be sent twice: a mutation's retry could apply it twice. */
  idempotent: boolean
  /** Fires at the fetch's deadline or when the client leaves. */
  signal?: AbortSignal
  remainingMs(): number
}

/**
 * An outcome that says nothing about the subgraph's health: thrown past the breaker so that it
 * counts neither way. (Were it the half-open probe, cockatiel closes the breaker; if the subgraph
 * is still down, the next failures open it again.)
 */
class Inconclusive extends Error {
  constructor(readonly outcome: AttemptOutcome<unknown>) {
    super('inconclusive attempt')
  }
}

interface Tried<R> {
  outcome: AttemptOutcome<R>
  retry: boolean
}

const STATE_NAMES: Record<CircuitState, BreakerStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
}

/**
 * The circuit breaker, retry policy and retry budget of one subgraph (cockatiel), shared by every
 * data source that calls it — query fetches and subscription follow-up fetches alike.
 *
 * The breaker judges the subgraph's health by rates over a sliding window (healthWindow.ts): it
 * opens when half the calls fail (unreachable, 5xx, the gateway's own timeout) or every call fails
 * or misses a deadline it had a fair chance to meet (hung). A deadline missed now and then is the
 * client's budget under load, not a broken subgraph: it never opens a breaker on its own. Open,
 * the breaker lets a probe through soon — after a quarter of `breakerCooldownMs`, then backing off
 * up to it — while the other calls wait for the probe; a probe that answers closes the breaker,
 * so fields come back within about a second of a fault's end.
 */
export class SubgraphResilience {
  private readonly breaker: CircuitBreakerPolicy
  private readonly retryPolicy: RetryPolicy
  private readonly budget: RetryBudget

  constructor(
    readonly subgraph: string,
    private readonly settings: ResilienceSettings,
    logger: Logger,
    now?: () => number,
  ) {
    const isFailure = (outcome: unknown) => verdictOf(outcome as AttemptOutcome) !== 'ok'
    const health = new HealthBreaker(
      settings.breaker,
      () => verdictOf((this.breaker.lastFailure as { value: AttemptOutcome } | undefined)?.value) as 'failure' | 'slow',
      now,
    )
    this.breaker = circuitBreaker(handleWhenResult(isFailure), {
      halfOpenAfter: new ExponentialBackoff({
        initialDelay: Math.max(1, Math.round(settings.breakerCooldownMs / 4)),
        maxDelay: settings.breakerCooldownMs,
        generator: noJitterGenerator,
      }),
      breaker: health,
    })
    this.retryPolicy = retry(
      handleWhenResult((tried) => (tried as Tried<unknown>).retry),
      {
        maxAttempts: settings.maxRetries,
        backoff: new ExponentialBackoff({ initialDelay: settings.retryBackoffMs, maxDelay: maxBackoffMs(settings) }),
      },
    )
    this.budget = new RetryBudget(settings.retryBudget, now)
    breakerState.set({ subgraph }, BREAKER_STATE_VALUE.closed)
    this.breaker.onStateChange((state) => {
      const to = STATE_NAMES[state]
      if (to === 'closed') health.closed()
      breakerState.set({ subgraph }, BREAKER_STATE_VALUE[to])
      breakerTransitions.inc({ subgraph, to })
      const log = {
        subgraph,
        cooldownMs: settings.breakerCooldownMs,
        lastFailure: describeLastFailure(this.breaker.lastFailure),
      }
      if (to === 'open')
        logger.warn(log, "circuit breaker opened: the subgraph's fields fail fast until a probe succeeds")
      else
        logger.info(
          { subgraph },
          to === 'closed'
            ? 'circuit breaker closed: the subgraph answers again'
            : 'circuit breaker half-open: one probe call goes through',
        )
    })
  }

  get state(): BreakerStateName {
    return STATE_NAMES[this.breaker.state]
  }

  /** Makes the fetch: `attempt(n)` once, or again after transient failures, unless the breaker is open. */
  async fetch<R>(attempt: (retry: number) => Promise<AttemptOutcome<R>>, terms: FetchTerms): Promise<FetchOutcome<R>> {
    this.budget.recordRequest()
    let attempts = 0
    const tried = this.retryPolicy.execute(async ({ attempt: n }): Promise<Tried<R>> => {
      attempts = n + 1
      const outcome = await this.breaker.execute(async () => {
        const result = await attempt(n)
        if (
          result.kind === 'aborted' &&
          !abortCountsAgainstSubgraph(result.cause, result.givenMs, this.settings.minFetchMs)
        )
          throw new Inconclusive(result)
        return result
      })
      if (n > 0) retries.inc({ subgraph: this.subgraph, outcome: outcome.kind === 'answered' ? 'succeeded' : 'failed' })
      return { outcome, retry: this.mayRetry(outcome, terms, n) }
    }, terms.signal)
    const settled = tried.then(
      ({ outcome }): FetchOutcome<R> => outcome,
      (error: unknown): FetchOutcome<R> => {
        if (attempts > 1) retries.inc({ subgraph: this.subgraph, outcome: 'failed' })
        if (error instanceof Inconclusive) return error.outcome as AttemptOutcome<R>
        if (!isBrokenCircuitError(error)) throw error
        fastFailures.inc({ subgraph: this.subgraph })
        return { kind: 'fast-failed' }
      },
    )
    return terms.signal ? untilAborted(settled, terms.signal) : settled
  }

  private mayRetry(outcome: AttemptOutcome<unknown>, terms: FetchTerms, retriesSoFar: number): boolean {
    if (
      outcome.kind !== 'failed' ||
      !isTransient(outcome.failure) ||
      !terms.idempotent ||
      retriesSoFar >= this.settings.maxRetries
    )
      return false
    if (terms.remainingMs() < maxBackoffMs(this.settings) + this.settings.minFetchMs) {
      retries.inc({ subgraph: this.subgraph, outcome: 'no_time_left' })
      return false
    }
    if (!this.budget.canRetry()) {
      retries.inc({ subgraph: this.subgraph, outcome: 'budget_exhausted' })
      return false
    }
    this.budget.recordRetry()
    return true
  }
}

/**
 * What a call's outcome says about the subgraph (aborts that left it no fair chance are thrown past
 * the breaker before this is asked: they say nothing).
 */
function verdictOf(outcome: AttemptOutcome | undefined): CallVerdict {
  if (outcome?.kind === 'aborted') return 'slow'
  if (outcome?.kind === 'failed' && countsAgainstSubgraph(outcome.failure)) return 'failure'
  return outcome ? 'ok' : 'failure'
}

/** The failure that opened the breaker, for the log line. */
function describeLastFailure(reason: { value: unknown } | { error: Error } | undefined): string | undefined {
  if (!reason) return undefined
  if ('error' in reason) return reason.error.message
  const outcome = reason.value as AttemptOutcome<unknown>
  return outcome.kind === 'failed'
    ? describeFailure(outcome.failure)
    : outcome.kind === 'aborted'
      ? `no answer within ${Math.round(outcome.givenMs)} ms`
      : outcome.kind
}

const maxBackoffMs = (settings: ResilienceSettings) => settings.retryBackoffMs * 8

/**
 * cockatiel makes calls wait for a half-open probe without a way to stop waiting; the fetch's
 * deadline must still hold, so the wait ends when the signal fires (the call, when it runs later,
 * sees the aborted signal and does not go out).
 */
function untilAborted<R>(outcome: Promise<FetchOutcome<R>>, signal: AbortSignal): Promise<FetchOutcome<R>> {
  if (signal.aborted) return Promise.resolve({ kind: 'gave-up' })
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve({ kind: 'gave-up' })
    signal.addEventListener('abort', onAbort, { once: true })
    outcome.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
