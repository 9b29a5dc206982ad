import type { Logger } from '../logging/logger'
import { whenAborted } from './abortable'

/** One step of a server's way down (readiness, subscriptions, http, background, database). */
export interface ShutdownPhase {
  name: string
  /** `signal` fires when the shutdown bound passes or a second signal forces the exit. */
  run(signal: AbortSignal): Promise<void>
  /** What the phase still waits for, named in the log when the bound cuts it short. */
  pending?(): string | undefined
}

export type ShutdownOutcome =
  /** Every phase ran; `failed` names those that threw (the later ones still ran). */
  | { kind: 'completed'; failed: string[] }
  /** The signal fired while `pending` was running; the phases after it never ran. */
  | { kind: 'cut'; reason: unknown; pending: string }

/**
 * Runs the phases one after the other, logging each with its duration. A phase that throws is
 * logged and the next one still runs: a failed subscription close must not keep the database
 * pool open. When `signal` fires, the sequence stops waiting at once and reports what was pending.
 */
export async function runShutdownSequence(
  phases: readonly ShutdownPhase[],
  { logger, signal }: { logger: Logger; signal: AbortSignal },
): Promise<ShutdownOutcome> {
  const failed: string[] = []
  const cut = whenAborted(signal).then(() => 'cut' as const)
  for (const phase of phases) {
    const started = performance.now()
    const ran = await Promise.race([
      cut,
      phase.run(signal).then(
        () => 'done' as const,
        (error: unknown) => {
          logger.error({ err: error, phase: phase.name }, `shutdown: ${phase.name} failed`)
          return 'failed' as const
        },
      ),
    ])
    const ms = Math.round(performance.now() - started)
    if (ran === 'cut') {
      const detail = phase.pending?.()
      return { kind: 'cut', reason: signal.reason, pending: detail ? `${phase.name} (${detail})` : phase.name }
    }
    if (ran === 'failed') failed.push(phase.name)
    else logger.info({ phase: phase.name, ms }, `shutdown: ${phase.name} done`)
  }
  return { kind: 'completed', failed }
}

/** Runs the phases to the end with no bound (in-process servers in tests); throws if one failed. */
export async function stopNow(phases: readonly ShutdownPhase[], logger: Logger): Promise<void> {
  const outcome = await runShutdownSequence(phases, { logger, signal: new AbortController().signal })
  if (outcome.kind === 'completed' && outcome.failed.length)
    throw new Error(`shutdown phases failed: ${outcome.failed.join(', ')}`)
}
