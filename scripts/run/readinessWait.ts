import { describeBootProgress, isBootProgress, type BootProgress } from '../../contracts/bootProgress'

/** A server being waited for (a ServiceProcess): where its /ready is, and when its process ends. */
export interface ReadinessTarget {
  /** baseUrl: whose /ready answers 200 when the server can serve. */
  spec: { name: string; baseUrl: string }
  exited: Promise<number | null>
}

export interface ReadinessWait {
  /**
   * How long the server may go without progress: without answering at all (loading its code,
   * opening its database), or answering the same boot progress. Not a bound on the whole start:
   * a seed that takes minutes on a slow machine is waited for as long as it moves.
   */
  stallTimeoutMs: number
  /** Called each time the server reports new boot progress. */
  onProgress?: (progress: BootProgress) => void
  pollMs?: number
}

/**
 * Polls `<baseUrl>/ready` until it answers 200. While the server boots it answers 503 with its
 * progress (contracts/bootProgress); every change restarts the stall clock. Fails when the process
 * exits, or when nothing has moved for `stallTimeoutMs`, saying what it was doing when it stopped.
 */
export async function waitUntilReady(target: ReadinessTarget, wait: ReadinessWait): Promise<void> {
  const { name, baseUrl } = target.spec
  const pollMs = wait.pollMs ?? 200
  let exitCode: number | null | undefined
  void target.exited.then((code) => (exitCode = code))
  let last: BootProgress | undefined
  let lastKey = ''
  let movedAt = Date.now()
  for (;;) {
    if (exitCode !== undefined) throw new Error(`${name} exited with code ${exitCode} before becoming ready`)
    // A booting server answers between two seed batches, which may take a second or more each on
    // a slow machine: a late answer still counts, so the probe waits well beyond that.
    const answer = await probe(`${baseUrl}/ready`, Math.min(5000, wait.stallTimeoutMs / 2))
    if (answer === 'ready') return
    if (answer) {
      const key = JSON.stringify([answer.status, answer.activity, answer.done, answer.total])
      if (key !== lastKey) {
        lastKey = key
        last = answer
        movedAt = Date.now()
        wait.onProgress?.(answer)
      }
    }
    const still = Date.now() - movedAt
    if (still >= wait.stallTimeoutMs) {
      const seconds = Math.round(still / 1000)
      throw new Error(
        last
          ? `${name} made no progress for ${seconds} s (still ${describeBootProgress(last)}): it looks stuck; its log says why`
          : `${name} did not answer ${baseUrl}/ready for ${seconds} s after it was started: it looks stuck; its log says why`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}

/** 'ready', the boot progress a 503 reported, or undefined (not listening, busy, no progress). */
async function probe(url: string, timeoutMs: number): Promise<'ready' | BootProgress | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    if (response.ok) return 'ready'
    const body: unknown = await response.json().catch(() => undefined)
    return isBootProgress(body) ? body : undefined
  } catch {
    return undefined // not listening yet, or too busy to answer in time
  }
}
