import path from 'node:path'
import { z } from 'zod'
import { projectFile } from '../platform/projectFiles'
import type { OperationLimits } from './hardening/operationLimits'
import type { ResilienceSettings } from './resilience/subgraphResilience'
import { DEFAULT_RATE_LIMITS, tokenBucketVariable, type RateLimits } from './rateLimits/rateLimitSettings'
import { trustProxyVariable, type TrustProxy } from './rateLimits/clientAddress'
import { shutdownEnvShape, shutdownSettings, type ShutdownSettings } from '../platform/shutdown/shutdownSettings'
import { loadShedderSettings, overloadEnvShape } from '../platform/overload/overloadSettings'
import type { LoadShedderSettings } from '../platform/overload/loadShedder'

/**
 * Production defaults of the operation limits, with room over the committed operations
 * (schema/operations/: depth ≤ 6, ≤ 2 root fields, no aliases or directives, cost ≤ 200, ≤ 160
 * tokens; a unit test checks that they all pass).
 */
export const DEFAULT_OPERATION_LIMITS = {
  depth: 12,
  aliases: 30,
  rootFields: 10,
  directives: 50,
  tokens: 5000,
  cost: 5000,
} as const satisfies OperationLimits

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
  /**
   * Who executes query plans: `compiled` (gateway/planExecution/, plans and result shapes compiled
   * once per operation) or `apollo` (@apollo/gateway's own executor; the differential test and
   * benchmarks compare the two).
   */
  GATEWAY_EXECUTOR: z.enum(['compiled', 'apollo']).default('compiled'),
  /** The built web app (npm run build:web) served at /; WEB_APP=off serves none (an API-only gateway). */
  WEB_ROOT: z.string().min(1).optional(),
  WEB_APP: z.enum(['on', 'off']).default('on'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i)
    .default('1mb'),
  /** Operation limits, checked while parsing and validating (gateway/hardening/). */
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(DEFAULT_OPERATION_LIMITS.depth),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(DEFAULT_OPERATION_LIMITS.aliases),
  MAX_QUERY_ROOT_FIELDS: z.coerce.number().int().min(1).default(DEFAULT_OPERATION_LIMITS.rootFields),
  MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(0).default(DEFAULT_OPERATION_LIMITS.directives),
  MAX_QUERY_TOKENS: z.coerce.number().int().min(1).default(DEFAULT_OPERATION_LIMITS.tokens),
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(DEFAULT_OPERATION_LIMITS.cost),
  /**
   * Rate limits (gateway/rateLimits/), each bucket "<tokens per second>,<burst>"; off only to
   * measure throughput in benchmarks.
   */
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  RATE_LIMIT_USER_QUERIES: tokenBucketVariable(DEFAULT_RATE_LIMITS.userQueries),
  RATE_LIMIT_USER_MUTATIONS: tokenBucketVariable(DEFAULT_RATE_LIMITS.userMutations),
  RATE_LIMIT_IP_QUERIES: tokenBucketVariable(DEFAULT_RATE_LIMITS.ipQueries),
  RATE_LIMIT_IP_MUTATIONS: tokenBucketVariable(DEFAULT_RATE_LIMITS.ipMutations),
  RATE_LIMIT_IP_ANONYMOUS: tokenBucketVariable(DEFAULT_RATE_LIMITS.ipAnonymous),
  RATE_LIMIT_CONNECTION_SUBSCRIBES: tokenBucketVariable(DEFAULT_RATE_LIMITS.connectionSubscribes),
  RATE_LIMIT_EXPORT_QUERIES: tokenBucketVariable(DEFAULT_RATE_LIMITS.exportQueries),
  RATE_LIMIT_OBJECTS_PER_TOKEN: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.objectsPerToken),
  /** Whose X-Forwarded-For gives the client's address (gateway/rateLimits/clientAddress.ts); unset: nobody's. */
  TRUST_PROXY: trustProxyVariable,
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Shared with every subgraph: the key the gateway signs its requests to them with (≥ 32 characters). */
  SUBGRAPH_AUTH_SECRET: z
    .string({
      error:
        'SUBGRAPH_AUTH_SECRET is required: the secret (≥ 32 characters) the gateway signs its requests to subgraphs with.',
    })
    .min(32, 'SUBGRAPH_AUTH_SECRET must be at least 32 characters.'),
  /** Where the access tokens' public keys are published (default: the users subgraph's /.well-known/jwks.json). */
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_ISSUER: z.string().min(1).default('urn:trial-supergraph:users'),
  AUTH_AUDIENCE: z.string().min(1).default('urn:trial-supergraph:api'),
  /** How often the users subgraph is asked which sessions with live graphql-ws connections have ended. */
  GATEWAY_SESSION_CHECK_INTERVAL_MS: z.coerce.number().int().min(250).max(60_000).default(5000),
  /**
   * How long a graphql-ws socket may stay open before its connection_init arrives (then it is closed
   * with 4408). graphql-ws's own default; a gateway whose event loop runs seconds late can read the
   * timer before the message that came in time, so a loaded deployment may want more.
   */
  GATEWAY_WS_INIT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(3000),
  /**
   * How long a user's grants version the users subgraph gave is taken as current: a role revoked
   * through another gateway instance is refused here within this (gateway/auth/grantsVersions.ts).
   */
  GATEWAY_GRANTS_FRESH_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  /**
   * Circuit breaker per subgraph (gateway/resilience/healthWindow.ts): over a sliding window of
   * GATEWAY_BREAKER_WINDOW_MS with at least GATEWAY_BREAKER_MIN_CALLS calls, it opens when the share
   * of failed calls reaches GATEWAY_BREAKER_FAILURE_RATE, or that of failed and slow calls (missed
   * deadlines the subgraph had a fair chance to meet) reaches GATEWAY_BREAKER_SLOW_RATE...
   */
  GATEWAY_BREAKER_WINDOW_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
  GATEWAY_BREAKER_MIN_CALLS: z.coerce.number().int().min(1).default(10),
  GATEWAY_BREAKER_FAILURE_RATE: z.coerce.number().gt(0).max(1).default(0.5),
  GATEWAY_BREAKER_SLOW_RATE: z.coerce.number().gt(0).max(1).default(1),
  /** ...and then fails fast until a probe: the first after a quarter of this, backing off up to it. */
  GATEWAY_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(100).max(600_000).default(1000),
  /**
   * A deadline abort counts as the subgraph's timeout only if it had this long; a retry needs this
   * long plus the longest back-off.
   */
  GATEWAY_MIN_FETCH_MS: z.coerce.number().int().min(0).default(200),
  /**
   * Retries of a query fetch after a transient failure (refused/reset connection, 502/503/504); 0
   * turns retries off.
   */
  GATEWAY_RETRY_MAX: z.coerce.number().int().min(0).max(5).default(2),
  /** First retry back-off; later ones grow with decorrelated jitter up to 8 times this. */
  GATEWAY_RETRY_BACKOFF_MS: z.coerce.number().int().min(1).max(10_000).default(25),
  /** Retry budget per subgraph: retries ≤ ratio × requests over the window, or the minimum, whichever is larger. */
  GATEWAY_RETRY_BUDGET_RATIO: z.coerce.number().min(0).max(1).default(0.1),
  GATEWAY_RETRY_BUDGET_MIN: z.coerce.number().int().min(0).default(3),
  GATEWAY_RETRY_BUDGET_WINDOW_MS: z.coerce.number().int().min(1000).default(10_000),
  ...shutdownEnvShape,
  ...overloadEnvShape,
})

/** Every variable the gateway process reads (deployment files are checked against this list). */
export const GATEWAY_ENV_VARIABLES = [
  ...Object.keys(gatewayEnvSchema.shape),
  'LOG_LEVEL',
  'LOG_FORMAT',
  '<SUBGRAPH>_SUBGRAPH_URL',
] as const

export interface GatewayConfig {
  port: number
  host: string
  supergraphPath: string
  /** Routing URL overrides by subgraph name (<NAME>_SUBGRAPH_URL), e.g. in docker-compose. */
  subgraphUrls: Record<string, string>
  subgraphTimeoutMs: number
  /** The web app's built files, served at /; undefined: no web app (WEB_APP=off). */
  webRoot?: string
  requestDeadlineMs: number
  deadlines: boolean
  executor: 'compiled' | 'apollo'
  bodyLimit: string
  limits: OperationLimits
  /** Undefined: rate limits off (RATE_LIMITS=off). */
  rateLimits?: RateLimits
  /** Adaptive load shedding of /graphql (platform/overload/); undefined: off (LOAD_SHEDDING=off). */
  loadShedding?: LoadShedderSettings
  trustProxy: TrustProxy
  production: boolean
  resilience: ResilienceSettings
  auth: {
    subgraphSecret: string
    jwksUrl?: string
    issuer: string
    audience: string
    sessionCheckIntervalMs: number
    grantsFreshMs: number
    wsInitTimeoutMs: number
  }
  /** SIGTERM handling (platform/shutdown/processLifecycle.ts). */
  shutdown: ShutdownSettings
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
    supergraphPath: path.resolve(e.SUPERGRAPH_PATH ?? projectFile('schema/supergraph.graphql')),
    subgraphUrls,
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    webRoot: e.WEB_APP === 'on' ? path.resolve(e.WEB_ROOT ?? projectFile('web/dist')) : undefined,
    requestDeadlineMs: e.REQUEST_DEADLINE_MS,
    deadlines: e.DEADLINES === 'on',
    executor: e.GATEWAY_EXECUTOR,
    bodyLimit: e.BODY_LIMIT,
    limits: {
      depth: e.MAX_QUERY_DEPTH,
      aliases: e.MAX_QUERY_ALIASES,
      rootFields: e.MAX_QUERY_ROOT_FIELDS,
      directives: e.MAX_QUERY_DIRECTIVES,
      tokens: e.MAX_QUERY_TOKENS,
      cost: e.MAX_QUERY_COST,
    },
    rateLimits:
      e.RATE_LIMITS === 'on'
        ? {
            userQueries: e.RATE_LIMIT_USER_QUERIES,
            userMutations: e.RATE_LIMIT_USER_MUTATIONS,
            ipQueries: e.RATE_LIMIT_IP_QUERIES,
            ipMutations: e.RATE_LIMIT_IP_MUTATIONS,
            ipAnonymous: e.RATE_LIMIT_IP_ANONYMOUS,
            connectionSubscribes: e.RATE_LIMIT_CONNECTION_SUBSCRIBES,
            exportQueries: e.RATE_LIMIT_EXPORT_QUERIES,
            objectsPerToken: e.RATE_LIMIT_OBJECTS_PER_TOKEN,
          }
        : undefined,
    loadShedding: loadShedderSettings(e),
    trustProxy: e.TRUST_PROXY,
    production: e.NODE_ENV === 'production',
    resilience: {
      breaker: {
        windowMs: e.GATEWAY_BREAKER_WINDOW_MS,
        minCalls: e.GATEWAY_BREAKER_MIN_CALLS,
        failureRate: e.GATEWAY_BREAKER_FAILURE_RATE,
        slowRate: e.GATEWAY_BREAKER_SLOW_RATE,
      },
      breakerCooldownMs: e.GATEWAY_BREAKER_COOLDOWN_MS,
      minFetchMs: e.GATEWAY_MIN_FETCH_MS,
      maxRetries: e.GATEWAY_RETRY_MAX,
      retryBackoffMs: e.GATEWAY_RETRY_BACKOFF_MS,
      retryBudget: {
        ratio: e.GATEWAY_RETRY_BUDGET_RATIO,
        minPerWindow: e.GATEWAY_RETRY_BUDGET_MIN,
        windowMs: e.GATEWAY_RETRY_BUDGET_WINDOW_MS,
      },
    },
    auth: {
      subgraphSecret: e.SUBGRAPH_AUTH_SECRET,
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      sessionCheckIntervalMs: e.GATEWAY_SESSION_CHECK_INTERVAL_MS,
      grantsFreshMs: e.GATEWAY_GRANTS_FRESH_MS,
      wsInitTimeoutMs: e.GATEWAY_WS_INIT_TIMEOUT_MS,
    },
    shutdown: shutdownSettings(e, e.NODE_ENV === 'production'),
  }
}
