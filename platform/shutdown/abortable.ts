/** Resolves when `signal` fires (at once if it already has); never rejects. */
export function whenAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => resolve(), { once: true })
  })
}

/** Waits `ms`, or less if `signal` fires first. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    void whenAborted(signal).then(() => {
      clearTimeout(timer)
      resolve()
    })
  })
}
