import { z } from 'zod'
import { DEFAULT_GRADIENT_LIMIT } from './gradientLimit'
import type { LoadShedderSettings } from './loadShedder'

/**
 * Adaptive load shedding (platform/overload/): the same variables for the gateway and the
 * subgraphs that shed (epro). The limit adapts by itself; the bounds keep it sane.
 */
export const overloadEnvShape = {
  /** off only to measure what shedding saves (the overload benchmark) or in suites not about it. */
  LOAD_SHEDDING: z.enum(['on', 'off']).default('on'),
  /** The fewest requests in flight the limit may fall to, however slow the server gets. */
  LOAD_SHED_MIN_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_GRADIENT_LIMIT.minLimit),
  /** The most it may grow to. */
  LOAD_SHED_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_GRADIENT_LIMIT.maxLimit),
  /** The event-loop delay (p99, ms) past which the limit shrinks, so refusals stay fast; 0: not watched. */
  LOAD_SHED_MAX_LOOP_DELAY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(DEFAULT_GRADIENT_LIMIT.maxLoopDelayMs),
  /** Share of the limit reads may fill; the rest is kept for writes (mutations). */
  LOAD_SHED_READ_SHARE: z.coerce.number().gt(0).max(1).default(0.75),
}

type OverloadEnv = {
  LOAD_SHEDDING: 'on' | 'off'
  LOAD_SHED_MIN_CONCURRENCY: number
  LOAD_SHED_MAX_CONCURRENCY: number
  LOAD_SHED_READ_SHARE: number
  LOAD_SHED_MAX_LOOP_DELAY_MS: number
}

/** The shedder's settings, or undefined when shedding is off. */
export function loadShedderSettings(env: OverloadEnv): LoadShedderSettings | undefined {
  if (env.LOAD_SHEDDING === 'off') return undefined
  const minLimit = env.LOAD_SHED_MIN_CONCURRENCY
  const maxLimit = env.LOAD_SHED_MAX_CONCURRENCY
  if (minLimit > maxLimit)
    throw new Error(`LOAD_SHED_MIN_CONCURRENCY (${minLimit}) must not exceed LOAD_SHED_MAX_CONCURRENCY (${maxLimit}).`)
  const initialLimit = Math.min(maxLimit, Math.max(minLimit, DEFAULT_GRADIENT_LIMIT.initialLimit))
  return {
    limit: {
      ...DEFAULT_GRADIENT_LIMIT,
      minLimit,
      maxLimit,
      initialLimit,
      maxLoopDelayMs: env.LOAD_SHED_MAX_LOOP_DELAY_MS,
    },
    readShare: env.LOAD_SHED_READ_SHARE,
  }
}
