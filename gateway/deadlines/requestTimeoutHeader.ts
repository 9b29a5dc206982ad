import type { ParsedDeadline } from '../../contracts/deadlineHeader'

/** What a client sends to shorten its request's budget at the gateway. */
export const REQUEST_TIMEOUT_HEADER = 'x-request-timeout-ms'

/**
 * x-request-timeout-ms at the gateway: a whole number of milliseconds, at least 1. A client may
 * shorten its budget, never lengthen it: a value above the gateway's budget is served with that
 * budget, as a gRPC server or Envoy caps a caller's deadline with its own. A client sets its
 * deadline from its own needs, without knowing ours, so refusing a generous one would fail
 * requests that can be served; a budget that does run out says how long it was (DEADLINE_EXCEEDED,
 * `deadlineMs`). Only a value that is no deadline at all (0, negative, a fraction, not a number)
 * is refused.
 */
export function parseRequestTimeout(value: string | undefined, budgetMs: number): ParsedDeadline {
  if (value === undefined || value === '') return { ok: true, ms: budgetMs }
  const ms = /^\d+$/.test(value.trim()) ? Number(value) : NaN
  if (!(ms >= 1)) {
    return {
      ok: false,
      message: `Header ${REQUEST_TIMEOUT_HEADER} must be a whole number of milliseconds, at least 1, e.g. "800" (above the gateway's budget of ${budgetMs} ms it counts as ${budgetMs}); got "${value.slice(0, 32)}".`,
    }
  }
  return { ok: true, ms: Math.min(ms, budgetMs) }
}
