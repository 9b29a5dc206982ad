import { z } from 'zod'

/** How a process goes down on SIGTERM/SIGINT (the same variables for the gateway and every subgraph). */
export interface ShutdownSettings {
  /** The whole shutdown must end within this; past it the process exits 124 naming what was pending. */
  timeoutMs: number
  /** Time between /ready turning 503 and the listener closing, for load balancers to notice. */
  readinessDelayMs: number
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000
/** Production sits behind something that polls /ready; locally (npm start, tests) nothing does. */
const DEFAULT_READINESS_DELAY_MS = { production: 2000, other: 0 }

/** Variables of the configuration schemas (gateway/config.ts, subgraph-runtime/config.ts). */
export const shutdownEnvShape = {
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(DEFAULT_SHUTDOWN_TIMEOUT_MS),
  SHUTDOWN_READINESS_DELAY_MS: z.coerce.number().int().min(0).max(120_000).optional(),
}

export function shutdownSettings(
  env: { SHUTDOWN_TIMEOUT_MS: number; SHUTDOWN_READINESS_DELAY_MS?: number },
  production: boolean,
): ShutdownSettings {
  const readinessDelayMs =
    env.SHUTDOWN_READINESS_DELAY_MS ??
    (production ? DEFAULT_READINESS_DELAY_MS.production : DEFAULT_READINESS_DELAY_MS.other)
  if (readinessDelayMs >= env.SHUTDOWN_TIMEOUT_MS)
    throw new Error(
      `SHUTDOWN_READINESS_DELAY_MS (${readinessDelayMs}) must be shorter than SHUTDOWN_TIMEOUT_MS (${env.SHUTDOWN_TIMEOUT_MS}): the delay is part of the shutdown's bound.`,
    )
  return { timeoutMs: env.SHUTDOWN_TIMEOUT_MS, readinessDelayMs }
}

/** What the phases after the HTTP drain may need: the outbox's last round (3 s) and closing the pools. */
const AFTER_DRAIN_MS = 4000
/** A drain is never given less than this, however tight the bound: in-flight requests need a chance. */
const MIN_DRAIN_MS = 1000

/**
 * How long in-flight requests may take once the listener closes before their sockets are cut.
 * The bound (timeoutMs) runs from the signal, so the drain gets what is left of it after the
 * readiness delay and the graphql-ws close handshake, minus what the later phases need: a slow
 * request is cut by the drain, not by the bound, and the outbox flush and pool close still run.
 */
export function drainGraceMs(settings: ShutdownSettings, closeHandshakeMs: number): number {
  return Math.max(MIN_DRAIN_MS, settings.timeoutMs - settings.readinessDelayMs - closeHandshakeMs - AFTER_DRAIN_MS)
}

export const defaultShutdownSettings = (production = false): ShutdownSettings =>
  shutdownSettings({ SHUTDOWN_TIMEOUT_MS: DEFAULT_SHUTDOWN_TIMEOUT_MS }, production)
