import { z } from 'zod'

/**
 * Documented in the README (Try it): the demo dataset's accounts are fictional, and never seeded
 * with a password in production.
 */
export const DEFAULT_DEMO_PASSWORD = 'Trial-Demo-2026!'

/** The users context's sign-in settings, from the environment. */
const authEnvSchema = z.object({
  /** ES256 private key (PKCS#8 PEM) that signs access tokens; required in production. */
  AUTH_SIGNING_KEY: z.string().optional(),
  AUTH_ISSUER: z.string().min(1).default('urn:trial-supergraph:users'),
  AUTH_AUDIENCE: z.string().min(1).default('urn:trial-supergraph:api'),
  AUTH_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(900),
  AUTH_REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .max(30 * 86_400)
    .default(12 * 3600),
  /** Password of the seeded demo accounts (never in production). */
  DEMO_ACCOUNT_PASSWORD: z.string().min(8).default(DEFAULT_DEMO_PASSWORD),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
})

export const AUTH_ENV_VARIABLES = Object.keys(authEnvSchema.shape).filter((k) => k !== 'NODE_ENV')

export interface AuthSettings {
  signingKeyPem?: string
  issuer: string
  audience: string
  accessTokenTtlSeconds: number
  refreshTokenTtlSeconds: number
  demoPassword: string
  production: boolean
}

export function loadAuthSettings(env: NodeJS.ProcessEnv = process.env): AuthSettings {
  const parsed = authEnvSchema.safeParse(env)
  if (!parsed.success) throw new Error(`Invalid sign-in configuration: ${z.prettifyError(parsed.error)}`)
  const e = parsed.data
  if (e.NODE_ENV === 'production' && !e.AUTH_SIGNING_KEY)
    throw new Error('AUTH_SIGNING_KEY (an ES256 private key, PKCS#8 PEM) is required in production.')
  return {
    signingKeyPem: e.AUTH_SIGNING_KEY?.replace(/\\n/g, '\n'),
    issuer: e.AUTH_ISSUER,
    audience: e.AUTH_AUDIENCE,
    accessTokenTtlSeconds: e.AUTH_ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: e.AUTH_REFRESH_TOKEN_TTL_SECONDS,
    demoPassword: e.DEMO_ACCOUNT_PASSWORD,
    production: e.NODE_ENV === 'production',
  }
}
