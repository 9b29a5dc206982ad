import { z } from 'zod'

/** The enrollment saga's timing, from the environment (docs/configuration.md). */
const enrollmentEnvSchema = z.object({
  /**
   * How long a participant may take to answer a step before the saga gives up (before the pivot)
   * or asks again (after it, and while compensating). Longer than a broker outage of half a
   * minute plus a consumer's rejoin, so an outage delays enrollments instead of failing them.
   */
  ENROLLMENT_STEP_TIMEOUT_MS: z.coerce.number().int().min(500).max(3_600_000).default(120_000),
  /** How often each instance looks for overdue steps. */
  ENROLLMENT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
})

export const ENROLLMENT_ENV_VARIABLES = Object.keys(enrollmentEnvSchema.shape)

export interface EnrollmentSettings {
  stepTimeoutMs: number
  sweepIntervalMs: number
}

export function loadEnrollmentSettings(env: NodeJS.ProcessEnv = process.env): EnrollmentSettings {
  const parsed = enrollmentEnvSchema.safeParse(env)
  if (!parsed.success) throw new Error(`Invalid enrollment configuration: ${z.prettifyError(parsed.error)}`)
  return {
    stepTimeoutMs: parsed.data.ENROLLMENT_STEP_TIMEOUT_MS,
    sweepIntervalMs: parsed.data.ENROLLMENT_SWEEP_INTERVAL_MS,
  }
}
