import type { EventBus } from './events/eventBus'
import { z } from 'zod'
import { resolveDatabaseTarget, type DatabaseTarget } from './database/target'
import { loadCrashPoint, loadFaults, type CrashPoint, type Faults } from './faultInjection'
import { shutdownEnvShape, shutdownSettings, type ShutdownSettings } from '../platform/shutdown/shutdownSettings'
import { loadShedderSettings, overloadEnvShape } from '../platform/overload/overloadSettings'
import type { LoadShedderSettings } from '../platform/overload/loadShedder'

/**
 * Typed, validated configuration of one subgraph process, read once from the environment. With no
 * variables set at all, a subgraph runs on its default port with an embedded PGlite database.
 */
export const SUBGRAPH_PORTS = {
  users: 4001,
  studies: 4002,
  patients: 4003,
  epro: 4004,
  labs: 4005,
  edc: 4006,
  inventory: 4007,
  exports: 4008,
} as const
export type SubgraphName = keyof typeof SUBGRAPH_PORTS
/** Every subgraph, in port order: the list tools derive theirs from (start, bench, codegen, migrations). */
export const SUBGRAPH_NAMES = Object.keys(SUBGRAPH_PORTS) as SubgraphName[]

const port = z.coerce.number().int().min(0).max(65535)

const subgraphEnvSchema = z.object({
  PORT: port.optional(),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** The service role's connection: what the server runs as (owns nothing; see docs/audit-trail.md). */
  DATABASE_URL: z.string().optional(),
  /** The schemas' owner, used at start-up only to migrate and to grant the service role its privileges. */
  MIGRATION_DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Upper bound for any one SQL statement, whatever the request's deadline. */
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** Kafka bootstrap servers, comma-separated; without it events travel on an in-process bus. */
  KAFKA_BROKERS: z
    .string()
    .regex(/^[\w.-]+:\d+(,[\w.-]+:\d+)*$/, 'KAFKA_BROKERS must be host:port[,host:port...]')
    .optional(),
  /** Prefix of Kafka topics and consumer groups, so environments can share a cluster. */
  EVENT_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9._-]*$/)
    .default(''),
  /** Seed the embedded demo dataset into a newly created database (npm start). */
  SEED_ON_FIRST_START: z.enum(['true', 'false']).default('false'),
  /** Shared by the gateway and every subgraph: the key of the gateway's assertions (≥ 32 characters). */
  SUBGRAPH_AUTH_SECRET: z
    .string({
      error:
        'SUBGRAPH_AUTH_SECRET is required: the secret (≥ 32 characters) the gateway signs its requests to subgraphs with.',
    })
    .min(32, 'SUBGRAPH_AUTH_SECRET must be at least 32 characters.'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** `apollo`: Apollo Server answers every operation, not only those the own executor declines. */
  SUBGRAPH_EXECUTOR: z.enum(['cached', 'apollo']).default('cached'),
  ...shutdownEnvShape,
  ...overloadEnvShape,
})

/** Every variable every subgraph process reads; a subgraph adds its own (SubgraphModule.envVariables). */
export const SUBGRAPH_ENV_VARIABLES = [
  ...Object.keys(subgraphEnvSchema.shape),
  'LOG_LEVEL',
  'LOG_FORMAT',
  '<SUBGRAPH>_DATABASE_URL',
  '<SUBGRAPH>_MIGRATION_DATABASE_URL',
  '<SUBGRAPH>_EVENTS_URL',
  'FAULT_SQL_DELAY_MS',
  'FAULT_RESPONSE_DELAY_MS',
  'FAULT_CRASH_POINT',
] as const

export interface SubgraphConfig {
  name: SubgraphName
  port: number
  host: string
  database: DatabaseTarget
  seedOnFirstStart: boolean
  production: boolean
  /** Test-only fault injection (refused outside NODE_ENV=test). */
  faults?: Faults
  /** Test-only: where the process kills itself (FAULT_CRASH_POINT; refused outside NODE_ENV=test). */
  crashPoint?: CrashPoint
  /** Kafka brokers; undefined means the outbox feed bus (embedded mode). */
  kafkaBrokers?: string[]
  /**
   * A bus handed in instead of either (tests that play the other contexts in the same process:
   * their messages and the subgraph's meet on it).
   */
  eventBus?: EventBus
  eventNamespace: string
  /** Key of the gateway assertions this subgraph accepts (SUBGRAPH_AUTH_SECRET). */
  authSecret: string
  /**
   * Where each subgraph serves its outbox feed (embedded mode's cross-process events):
   * `<NAME>_EVENTS_URL`, or its default port on 127.0.0.1.
   */
  eventFeedUrls?: Record<SubgraphName, string>
  /** SIGTERM handling (platform/shutdown/processLifecycle.ts); defaults when absent. */
  shutdown?: ShutdownSettings
  /**
   * Adaptive load shedding of /graphql (platform/overload/), for a subgraph whose module asks for
   * it (SubgraphModule.shedsLoad); undefined: off (LOAD_SHEDDING=off).
   */
  loadShedding?: LoadShedderSettings
  /**
   * Who answers /graphql: `cached`, the subgraph's own executor for the operations it has seen
   * valid (Apollo Server for the rest), or `apollo`, Apollo Server for all (SUBGRAPH_EXECUTOR).
   * Absent: `cached`.
   */
  executor?: 'cached' | 'apollo'
}

export function loadSubgraphConfig(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  const parsed = subgraphEnvSchema.safeParse(env)
  if (!parsed.success)
    throw new Error(`Invalid configuration for the ${name} subgraph: ${z.prettifyError(parsed.error)}`)
  const e = parsed.data
  const subgraphUrl = env[`${name.toUpperCase()}_DATABASE_URL`]
  const subgraphMigrationUrl = env[`${name.toUpperCase()}_MIGRATION_DATABASE_URL`]
  return {
    name,
    port: e.PORT ?? SUBGRAPH_PORTS[name],
    host: e.HOST,
    database: resolveDatabaseTarget(name, {
      subgraphUrl,
      sharedUrl: e.DATABASE_URL,
      subgraphMigrationUrl,
      sharedMigrationUrl: e.MIGRATION_DATABASE_URL,
      dataDir: e.DATA_DIR,
      poolSize: e.DATABASE_POOL_SIZE,
      statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    }),
    seedOnFirstStart: e.SEED_ON_FIRST_START === 'true',
    production: e.NODE_ENV === 'production',
    faults: loadFaults(env),
    executor: e.SUBGRAPH_EXECUTOR,
    crashPoint: loadCrashPoint(env),
    kafkaBrokers: e.KAFKA_BROKERS?.split(','),
    eventNamespace: e.EVENT_NAMESPACE,
    authSecret: e.SUBGRAPH_AUTH_SECRET,
    eventFeedUrls: eventFeedUrls(env),
    shutdown: shutdownSettings(e, e.NODE_ENV === 'production'),
    loadShedding: loadShedderSettings(e),
  }
}

/** `<NAME>_EVENTS_URL` of every subgraph, defaulting to its port on this machine (the embedded set-up). */
export const eventFeedUrls = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [
      name,
      env[`${name.toUpperCase()}_EVENTS_URL`] || `http://127.0.0.1:${SUBGRAPH_PORTS[name]}`,
    ]),
  ) as Record<SubgraphName, string>
