/**
 * Tells the outbox feed's held requests that the relay has committed new positions. A request
 * notes `version` before it reads the outbox; if the relay commits between that read and the
 * wait, the version has moved and the wait returns at once: no wake-up is lost in that gap.
 */
export interface FeedWakeUp {
  readonly version: number
  /** Called by the relay after its batch committed (outboxRelay's onCommitted). */
  wake(): void
  /** Resolves when woken after `seen`, after `ms`, or when `signal` aborts, whichever comes first. */
  waitPast(seen: number, ms: number, signal: AbortSignal): Promise<void>
}

export function createFeedWakeUp(): FeedWakeUp {
  let version = 0
  const waiting = new Set<() => void>()
  return {
    get version() {
      return version
    },
    wake() {
      version += 1
      for (const resolve of waiting) resolve()
      waiting.clear()
    },
    waitPast(seen, ms, signal) {
      if (version !== seen || signal.aborted) return Promise.resolve()
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          signal.removeEventListener('abort', done)
          waiting.delete(done)
          resolve()
        }
        const timer = setTimeout(done, ms)
        signal.addEventListener('abort', done, { once: true })
        waiting.add(done)
      })
    },
  }
}
