import type { Logger } from './logger'

/**
 * Runs a server as the process's main job: on SIGINT/SIGTERM it stops the server (draining
 * in-flight requests) and exits 0; if start-up fails it logs why and exits 1.
 */
export function runUntilSignalled(name: string, logger: Logger, start: () => Promise<{ stop(): Promise<void> }>): void {
  start().then(
    (running) => {
      let stopping = false
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) return
        stopping = true
        logger.info({ signal }, `${name} shutting down`)
        running.stop().then(
          () => process.exit(0),
          (error) => {
            logger.error({ err: error }, `${name}: error during shutdown`)
            process.exit(1)
          },
        )
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    },
    (error) => {
      logger.fatal({ err: error }, `${name} failed to start`)
      // Let the logger flush before exiting.
      setTimeout(() => process.exit(1), 100)
    },
  )
}
