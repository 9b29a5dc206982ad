import crypto from 'node:crypto'
import type { SubgraphName } from '../../subgraph-runtime/config'
import { withAdminClient } from '../../test/support/postgres'
import type pg from 'pg'
import { copyOfSeededTemplate, dropDatabase, subgraphDatabaseEnv } from '../../test/support/seededDatabase'
import { freePortBlock } from '../../test/support/freePorts'
import { SUBGRAPHS, startSupergraphProcesses, type SupergraphProcesses } from '../../scripts/run/supergraphProcesses'
import { startServiceProcess, type ServiceProcess } from '../../scripts/run/serviceProcess'
import { waitUntilReady } from '../../scripts/run/readinessWait'
import { postGraphQL, type GraphQLResponse } from '../../test/support/graphqlClient'
import { demoAccessToken } from '../../test/support/demoAccounts'

export interface SupergraphUnderTest {
  gatewayUrl: string
  baseUrl: string
  /** The suite's own Postgres database (a copy of the seeded template, test/support/seededDatabase.ts). */
  database: string
  /** Postgres schema (and application_name) of each subgraph's database in it: the subgraph's name. */
  schemas: Record<SubgraphName, string>
  /** Runs `fn` connected to the suite's database as the schemas' owner. */
  asOwner<T>(fn: (client: pg.Client) => Promise<T>): Promise<T>
  processes: SupergraphProcesses
  /** Free ports beside the supergraph's, for extra processes a test starts (another gateway, a second instance). */
  sparePorts: number[]
  /**
   * Another instance of a subgraph on the same database and event namespace (as a second replica
   * in production would run), on `port`; not behind the gateway (unless on the port of one that
   * was stopped), stopped with the rest. It gets the first instance's environment, plus `env`.
   */
  startInstance(
    name: SubgraphName,
    port: number,
    env?: NodeJS.ProcessEnv,
  ): Promise<ServiceProcess & { output: string[] }>
  /** An access token for a demo account, signed in through the gateway (cached per account). */
  tokenFor(email: string): Promise<string>
  /** POST to the gateway as a demo account (default: the suite's `account`). */
  post(
    query: string,
    variables?: Record<string, unknown>,
    options?: { as?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResponse>
  /** graphql-ws connectionParams that sign a demo account in (default: the suite's `account`). */
  wsConnectionParams(email?: string): () => Promise<Record<string, string>>
  stop(): Promise<void>
}

/**
 * The whole supergraph as real processes (the same entry points as production) on real Postgres:
 * each suite gets its own database, a copy of the seeded demo dataset, in which each subgraph has
 * its own schema.
 * Ports are picked per run so suites never collide with each other or with `npm start`.
 */
export interface SupergraphTestOptions {
  /** Extra environment per subgraph, e.g. test-only fault injection. */
  subgraphEnv?: Partial<Record<SubgraphName, NodeJS.ProcessEnv>>
  gatewayEnv?: NodeJS.ProcessEnv
  /**
   * Enforce deadlines at the gateway, as production does. Off unless a suite is about them: on a
   * busy machine (CI with other work) a 500 ms field @deadline is missed now and then, which a
   * suite about paging or access would read as a wrong answer. Deadline behaviour has its suites.
   */
  deadlines?: boolean
  /**
   * Adaptive load shedding in the gateway and epro, as production runs it. Off unless a suite is
   * about it, for the same reason: a loaded CI machine is slow, and a suite about something else
   * would read a refused request as a wrong answer.
   */
  loadShedding?: boolean
  /** The demo account requests are made as unless a test says otherwise. */
  account?: string
}

/** The gateway's bound on one subgraph call in suites without deadlines. */
const UNTIMED_SUBGRAPH_CALL_MS = 60_000

/** A study-level data manager of ONC-3017: sees that study's sites and patients. */
export const DEFAULT_E2E_ACCOUNT = 'ingrid.nilsson@northbridge-cro.example'

export async function startSupergraphUnderTest(options: SupergraphTestOptions = {}): Promise<SupergraphUnderTest> {
  const run = crypto.randomBytes(3).toString('hex')
  const database = `e2e_${run}`
  const schemas = Object.fromEntries(SUBGRAPHS.map((name) => [name, name])) as Record<SubgraphName, string>
  await copyOfSeededTemplate(database)
  // The gateway, then every subgraph, then the spare ports.
  const SPARE_PORTS = 4
  const base = await freePortBlock(1 + SUBGRAPHS.length + SPARE_PORTS)
  const ports = {
    gateway: base,
    subgraphs: Object.fromEntries(SUBGRAPHS.map((name, i) => [name, base + 1 + i])) as Record<SubgraphName, number>,
  }
  const sparePorts = Array.from({ length: SPARE_PORTS }, (_, i) => base + 1 + SUBGRAPHS.length + i)
  const envFor = (name: SubgraphName): NodeJS.ProcessEnv => ({
    // Served by the service role, migrated by the owner, as in production.
    ...subgraphDatabaseEnv(name, database),
    // Finds the copy seeded: seeds nothing (would complete a seed the template had left unfinished).
    SEED_ON_FIRST_START: 'true',
    NODE_ENV: 'test',
    LOAD_SHEDDING: options.loadShedding ? 'on' : 'off',
    EVENT_NAMESPACE: `e2e-${run}.`,
    ...options.subgraphEnv?.[name],
  })
  const processes = await startSupergraphProcesses({
    ports,
    output: 'capture',
    envFor,
    gatewayEnv: {
      DEADLINES: options.deadlines ? 'on' : 'off',
      // Without deadlines a subgraph call is bounded by SUBGRAPH_TIMEOUT_MS (10 s): on a loaded CI
      // machine fifty concurrent enrollments queued past it (patients answered the last ones after
      // 3.7 s idle). A bound for hung calls, not a speed requirement, in suites not about speed.
      ...(options.deadlines ? {} : { SUBGRAPH_TIMEOUT_MS: String(UNTIMED_SUBGRAPH_CALL_MS) }),
      // A suite's first live connection signs its account in from connection_init's params, after
      // the socket opened: a sign-in (a password hash) on a loaded machine outlasts graphql-ws's 3 s.
      GATEWAY_WS_INIT_TIMEOUT_MS: '30000',
      LOAD_SHEDDING: options.loadShedding ? 'on' : 'off',
      ...options.gatewayEnv,
    },
  }).catch(async (error: unknown) => {
    await dropDatabase(database)
    throw error
  })
  const extra: ServiceProcess[] = []
  const gatewayUrl = `http://127.0.0.1:${ports.gateway}/graphql`
  const tokens = new Map<string, Promise<string>>()
  const tokenFor = (email: string) => {
    let token = tokens.get(email)
    if (!token) {
      token = demoAccessToken(gatewayUrl, email)
      tokens.set(email, token)
      // A sign-in that failed (the gateway was down) is tried again next time, not cached.
      token.catch(() => tokens.delete(email))
    }
    return token
  }
  const account = options.account ?? DEFAULT_E2E_ACCOUNT
  return {
    tokenFor,
    async post(query, variables = {}, { as = account, headers = {} } = {}) {
      return postGraphQL(gatewayUrl, query, variables, { authorization: `Bearer ${await tokenFor(as)}`, ...headers })
    },
    wsConnectionParams:
      (email = account) =>
      async () => ({ authorization: `Bearer ${await tokenFor(email)}` }),
    async startInstance(name, port, env = {}) {
      const instance = startServiceProcess(
        {
          name: `${name}-${port}`,
          entry: `subgraphs/${name}/main.ts`,
          // The first instance's (the secret, the JWKS and event feed URLs, the suite's settings).
          env: { ...processes.subgraphs[name].spec.env, PORT: String(port), HOST: '127.0.0.1', ...env },
          baseUrl: `http://127.0.0.1:${port}`,
        },
        { output: 'capture' },
      )
      extra.push(instance)
      await waitUntilReady(instance, { stallTimeoutMs: 60_000 })
      return instance
    },
    gatewayUrl,
    database,
    schemas,
    asOwner: (fn) => withAdminClient(fn, database),
    baseUrl: `http://127.0.0.1:${ports.gateway}`,
    processes,
    sparePorts,
    async stop() {
      await Promise.all(extra.map((p) => p.stop()))
      await processes.stopAll()
      await dropDatabase(database)
    },
  }
}
