import { monitorEventLoopDelay } from 'node:perf_hooks'

/**
 * How late this process's event loop runs: the p99 of its timers' lateness since the last call
 * (ms). In Node a request waits in the event loop before any code of ours sees it, so this is the
 * wait every new request has — the refusals included: a limit that keeps it low keeps refusals fast.
 * The histogram samples every `resolutionMs` and records the whole interval, so that is subtracted.
 */
export function eventLoopDelayProbe(resolutionMs = 5): () => number {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs })
  histogram.enable()
  return () => {
    const p99 = histogram.count > 0 ? histogram.percentile(99) / 1e6 - resolutionMs : 0
    histogram.reset()
    return Math.max(0, p99)
  }
}
