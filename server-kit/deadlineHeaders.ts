/**
 * Deadline propagation between the gateway and the subgraphs. The gateway sends each fetch the
 * milliseconds it has left — relative, not an epoch, so the hosts' clocks need not agree.
 */
export const SUBGRAPH_DEADLINE_HEADER = 'x-deadline-ms'

/** What a client sends to shorten its request's budget at the gateway. */
export const REQUEST_TIMEOUT_HEADER = 'x-request-timeout-ms'

export type ParsedDeadline = { ok: true; ms: number } | { ok: false; message: string }

/** x-deadline-ms as a subgraph reads it: an integer, possibly ≤ 0 when the time is already up. */
export function parseSubgraphDeadline(value: string): ParsedDeadline {
  if (!/^-?\d{1,10}$/.test(value.trim())) return { ok: false, message: `Header ${SUBGRAPH_DEADLINE_HEADER} must be an integer number of milliseconds; got "${value.slice(0, 32)}".` }
  return { ok: true, ms: Number(value) }
}

/** x-request-timeout-ms at the gateway: 1..default; a client may shorten its budget, never lengthen it. */
export function parseRequestTimeout(value: string | undefined, defaultMs: number): ParsedDeadline {
  if (value === undefined || value === '') return { ok: true, ms: defaultMs }
  if (!/^\d{1,10}$/.test(value.trim()) || Number(value) < 1) {
    return { ok: false, message: `Header ${REQUEST_TIMEOUT_HEADER} must be a whole number of milliseconds from 1 to ${defaultMs}, e.g. "800"; got "${value.slice(0, 32)}".` }
  }
  return { ok: true, ms: Math.min(Number(value), defaultMs) }
}
