import type { ParsedDeadline } from '../../contracts/deadlineHeader'

/** What a client sends to shorten its request's budget at the gateway. */
export const REQUEST_TIMEOUT_HEADER = 'x-request-timeout-ms'

/** x-request-timeout-ms at the gateway: 1..default; a client may shorten its budget, never lengthen it. */
export function parseRequestTimeout(value: string | undefined, defaultMs: number): ParsedDeadline {
  if (value === undefined || value === '') return { ok: true, ms: defaultMs }
  if (!/^\d{1,10}$/.test(value.trim()) || Number(value) < 1) {
    return {
      ok: false,
      message: `Header ${REQUEST_TIMEOUT_HEADER} must be a whole number of milliseconds from 1 to ${defaultMs}, e.g. "800"; got "${value.slice(0, 32)}".`,
    }
  }
  return { ok: true, ms: Math.min(Number(value), defaultMs) }
}
