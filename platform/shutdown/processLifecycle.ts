import os from 'node:os'
import type { Logger } from '../logging/logger'
import { runShutdownSequence, type ShutdownOutcome, type ShutdownPhase } from './shutdownSequence'
import type { ShutdownSettings } from './shutdownSettings'

/** Exit codes of a server process (docs/operations.md, Graceful shutdown). */
const EXIT_CODES = {
  /** Drained and closed everything. */
  clean: 0,
  /** Start-up failed, or a shutdown phase failed (the later phases still ran). */
  failed: 1,
  /** SHUTDOWN_TIMEOUT_MS passed; as coreutils' `timeout` reports it. */
  timedOut: 124,
} as const
/** A second signal forced the exit: 128 + its number, as a shell reports a process killed by it. */
const forcedBy = (signal: NodeJS.Signals) => 128 + (os.constants.signals[signal] ?? 15)

class ShutdownCut {
  constructor(
    readonly code: number,
    readonly why: string,
  ) {}
}

/**
 * Runs a server as the process's main job. On the first SIGTERM or SIGINT it runs the server's
 * shutdown phases within `timeoutMs` and exits 0 when they all went well. A second signal, or the
 * bound passing, exits at once with a non-zero code and a log line naming what was still pending:
 * what is cut short is safe to lose (a client retries an unanswered submission with the same
 * submission id; unpublished outbox rows are relayed by the next instance; uncommitted offsets are
 * redelivered and deduplicated), only slower. If start-up fails it logs why and exits 1.
 */
export function runUntilSignalled(
  name: string,
  logger: Logger,
  settings: ShutdownSettings,
  start: () => Promise<{ shutdownPhases: readonly ShutdownPhase[] }>,
): void {
  start().then(
    (running) => {
      const cut = new AbortController()
      let shuttingDown = false
      const onSignal = (signal: NodeJS.Signals) => {
        if (shuttingDown) {
          cut.abort(new ShutdownCut(forcedBy(signal), `a second signal (${signal}) forced the exit`))
          return
        }
        shuttingDown = true
        const started = performance.now()
        logger.info(
          { signal, timeoutMs: settings.timeoutMs, readinessDelayMs: settings.readinessDelayMs },
          `${name} shutting down`,
        )
        const bound = setTimeout(
          () =>
            cut.abort(
              new ShutdownCut(
                EXIT_CODES.timedOut,
                `the shutdown took longer than SHUTDOWN_TIMEOUT_MS (${settings.timeoutMs} ms)`,
              ),
            ),
          settings.timeoutMs,
        )
        void runShutdownSequence(running.shutdownPhases, { logger, signal: cut.signal }).then((outcome) => {
          clearTimeout(bound)
          exitAfterLogging(logger, report(name, outcome, Math.round(performance.now() - started), logger))
        })
      }
      process.on('SIGINT', onSignal)
      process.on('SIGTERM', onSignal)
    },
    (error) => {
      logger.fatal({ err: error }, `${name} failed to start`)
      exitAfterLogging(logger, EXIT_CODES.failed)
    },
  )
}

function report(name: string, outcome: ShutdownOutcome, ms: number, logger: Logger): number {
  if (outcome.kind === 'cut') {
    const reason =
      outcome.reason instanceof ShutdownCut
        ? outcome.reason
        : new ShutdownCut(EXIT_CODES.failed, String(outcome.reason))
    logger.error(
      { ms, pending: outcome.pending, exitCode: reason.code },
      `${name} shutdown cut short: ${reason.why}; still pending: ${outcome.pending}`,
    )
    return reason.code
  }
  if (outcome.failed.length) {
    logger.error(
      { ms, failed: outcome.failed, exitCode: EXIT_CODES.failed },
      `${name} shut down with failed phases: ${outcome.failed.join(', ')}`,
    )
    return EXIT_CODES.failed
  }
  logger.info({ ms, exitCode: EXIT_CODES.clean }, `${name} shut down cleanly`)
  return EXIT_CODES.clean
}

/** Exits once the logger has written its last lines (a pretty-printing transport writes late). */
function exitAfterLogging(logger: Logger, code: number): void {
  process.exitCode = code
  const exit = () => process.exit(code)
  setTimeout(exit, 500).unref()
  logger.flush(exit)
}
