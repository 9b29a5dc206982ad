import type { LoadResult } from './loadSpec'
import type { PacedAnswer } from './pacedWindow'
import { percentile } from './percentiles'

/** What one window of load recorded as its answers came (loadGenerator.ts), summed up by `windowResult`. */
export interface Window {
  latencies: number[]
  /** The same latencies by HTTP status. */
  byStatus: Record<string, number[]>
  errors: number
  non2xx: number
  graphqlErrors: number
  firstGraphqlError?: string
  /** Responses carrying each error code (a response counts once per code; a breaker's fast failure as `circuit-open`). */
  errorCodes: Record<string, number>
  /** Open loop: each request's send lateness (ms), and how many waited for a socket. */
  lateness?: number[]
  queuedForSocket?: number
  /** Open loop: 503 latencies by who refused — `gateway`, or the subgraph named in the error. */
  refusedBy?: Record<string, number[]>
}

export const emptyWindow = (): Window => ({
  latencies: [],
  byStatus: {},
  errors: 0,
  non2xx: 0,
  graphqlErrors: 0,
  errorCodes: {},
})

/** An answer's latency, counted under its HTTP status. */
export function recordLatency(window: Window, status: number | string, ms: number): void {
  window.latencies.push(ms)
  ;(window.byStatus[status] ??= []).push(ms)
}

/** The error codes in a response body, each once, with a breaker's fast failure told apart. */
function countErrorCodes(body: string, counts: Record<string, number>): void {
  const codes = new Set([...body.matchAll(/"code":"([A-Z_]+)"/g)].map((m) => m[1]!))
  if (body.includes('"reason":"circuit-open"')) codes.add('circuit-open')
  for (const code of codes) counts[code] = (counts[code] ?? 0) + 1
}

/** Counts a response body's GraphQL errors (and keeps the first for the report). */
export function recordErrors(body: string, window: Window): void {
  if (!body.includes('"errors"')) return
  window.graphqlErrors += 1
  window.firstGraphqlError ??= body.slice(body.indexOf('"errors"'), body.indexOf('"errors"') + 300)
  countErrorCodes(body, window.errorCodes)
}

/**
 * An open-loop answer (pacedWindow): how late it was sent and whether it waited for a socket, and
 * for a refusal (503) who refused it: a subgraph's refusal passed on names it (`serviceName`),
 * anything else is the gateway's own. False when no answer came (a network error).
 */
export function recordPacedAnswer(window: Window, { status, body, ms, lateMs, queued }: PacedAnswer): boolean {
  ;(window.lateness ??= []).push(lateMs)
  if (queued) window.queuedForSocket = (window.queuedForSocket ?? 0) + 1
  if (status === 0) {
    window.errors += 1
    return false
  }
  recordLatency(window, status, ms)
  if (status === 503) {
    const refuser = /"serviceName":"([^"]+)"/.exec(body)?.[1] ?? 'gateway'
    ;((window.refusedBy ??= {})[refuser] ??= []).push(ms)
  }
  if (status < 200 || status > 299) window.non2xx += 1
  return true
}

/** The largest value (NaN for none); a spread into Math.max overflows the stack at ~100,000 values. */
const maxOf = (values: readonly number[]) =>
  values.length ? values.reduce((max, v) => (v > max ? v : max), -Infinity) : Number.NaN

/** Each group's latencies as count, p50, p99 and max. */
function latencySummaries(groups: Record<string, number[]>): LoadResult['latencyByStatus'] {
  return Object.fromEntries(
    Object.entries(groups).map(([key, values]) => [
      key,
      {
        count: values.length,
        p50: percentile(values, 0.5),
        p99: percentile(values, 0.99),
        max: maxOf(values),
      },
    ]),
  )
}

/** The measured window as the result the benchmark reads (percentiles by nearest rank, percentiles.ts). */
export function windowResult(
  window: Window,
  run: { seconds: number; accepted: number; cpu: NodeJS.CpuUsage },
): LoadResult {
  const { latencies, lateness } = window
  const requests = latencies.length
  return {
    requests,
    rps: requests / run.seconds,
    latency: {
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      p99: percentile(latencies, 0.99),
      mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, requests),
      max: maxOf(latencies),
    },
    errors: window.errors,
    non2xx: window.non2xx,
    graphqlErrors: window.graphqlErrors,
    firstGraphqlError: window.firstGraphqlError,
    errorCodes: window.errorCodes,
    accepted: run.accepted,
    latencyByStatus: latencySummaries(window.byStatus),
    ...(lateness && {
      openLoop: {
        sendLateness: {
          p50: percentile(lateness, 0.5),
          p99: percentile(lateness, 0.99),
          max: maxOf(lateness),
        },
        queuedForSocket: window.queuedForSocket ?? 0,
        refusedBy: latencySummaries(window.refusedBy ?? {}),
      },
    }),
    loadGeneratorCpuMsPerRequest: requests ? (run.cpu.user + run.cpu.system) / 1000 / requests : NaN,
    durationSeconds: run.seconds,
  }
}
