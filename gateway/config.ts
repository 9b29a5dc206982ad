import path from 'node:path'
import { z } from 'zod'

/** Gateway configuration, read once from the environment; no variable is required. */
const gatewayEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  SUPERGRAPH_PATH: z.string().min(1).optional(),
  /** Upper bound for one subgraph HTTP call, so a hung subgraph cannot hold a request forever. */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(1).max(120_000).default(10_000),
  /** Overall budget of one request; a client may shorten it with the x-request-timeout-ms header. */
  REQUEST_DEADLINE_MS: z.coerce.number().int().min(1).max(600_000).default(3000),
  /** Per-fetch @deadline enforcement (off only to measure its cost in benchmarks). */
  DEADLINES: z.enum(['on', 'off']).default('on'),
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i).default('1mb'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
})

/** Every variable the gateway process reads (deployment files are checked against this list). */
export const GATEWAY_ENV_VARIABLES = [...Object.keys(gatewayEnvSchema.shape), 'LOG_LEVEL', 'LOG_FORMAT', '<SUBGRAPH>_SUBGRAPH_URL'] as const

export interface GatewayConfig {
  port: number
  host: string
  supergraphPath: string
  /** Routing URL overrides by subgraph name (<NAME>_SUBGRAPH_URL), e.g. in docker-compose. */
  subgraphUrls: Record<string, string>
  subgraphTimeoutMs: number
  requestDeadlineMs: number
  deadlines: boolean
  bodyLimit: string
  production: boolean
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = gatewayEnvSchema.safeParse(env)
  if (!parsed.success) throw new Error(`Invalid gateway configuration: ${z.prettifyError(parsed.error)}`)
  const e = parsed.data
  const subgraphUrls: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) {
    const match = /^([A-Z][A-Z0-9_]*)_SUBGRAPH_URL$/.exec(key)
    if (match && value) {
      if (!/^https?:\/\//.test(value)) throw new Error(`${key} must be an http(s) URL, got "${value}".`)
      subgraphUrls[match[1]!.toLowerCase()] = value
    }
  }
  return {
    port: e.PORT,
    host: e.HOST,
    supergraphPath: path.resolve(e.SUPERGRAPH_PATH ?? path.join(__dirname, '..', 'schema', 'supergraph.graphql')),
    subgraphUrls,
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    requestDeadlineMs: e.REQUEST_DEADLINE_MS,
    deadlines: e.DEADLINES === 'on',
    bodyLimit: e.BODY_LIMIT,
    production: e.NODE_ENV === 'production',
  }
}
