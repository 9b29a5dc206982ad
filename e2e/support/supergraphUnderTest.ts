import crypto from 'node:crypto'
import type { SubgraphName } from '../../server-kit/config'
import { dropSchemas, urlWithSchema } from '../../test/support/postgres'
import { SUBGRAPHS, startSupergraphProcesses, type SupergraphProcesses } from '../../scripts/run/supergraphProcesses'

export interface SupergraphUnderTest {
  gatewayUrl: string
  baseUrl: string
  /** Postgres schema (and application_name) of each subgraph's database. */
  schemas: Record<SubgraphName, string>
  processes: SupergraphProcesses
  stop(): Promise<void>
}

/**
 * The whole supergraph as real processes (the same entry points as production) on real Postgres:
 * each subgraph gets its own fresh schema, migrated and seeded with the demo dataset on start.
 * Ports are picked per run so suites never collide with each other or with `npm start`.
 */
export interface SupergraphTestOptions {
  /** Extra environment per subgraph, e.g. test-only fault injection. */
  subgraphEnv?: Partial<Record<SubgraphName, NodeJS.ProcessEnv>>
  gatewayEnv?: NodeJS.ProcessEnv
}

export async function startSupergraphUnderTest(options: SupergraphTestOptions = {}): Promise<SupergraphUnderTest> {
  const run = crypto.randomBytes(3).toString('hex')
  const schemas = Object.fromEntries(SUBGRAPHS.map((name) => [name, `e2e_${run}_${name}`])) as Record<SubgraphName, string>
  const base = 20000 + Math.floor(Math.random() * 2000) * 10
  const ports = {
    gateway: base,
    subgraphs: { users: base + 1, studies: base + 2, patients: base + 3, epro: base + 4, labs: base + 5 },
  }
  const processes = await startSupergraphProcesses({
    ports,
    output: 'capture',
    envFor: (name) => ({ [`${name.toUpperCase()}_DATABASE_URL`]: urlWithSchema(schemas[name]), SEED_ON_FIRST_START: 'true', DATABASE_URL: '', NODE_ENV: 'test', EVENT_NAMESPACE: `e2e-${run}.`, ...options.subgraphEnv?.[name] }),
    gatewayEnv: options.gatewayEnv,
    readyTimeoutMs: 120_000,
  })
  return {
    gatewayUrl: `http://127.0.0.1:${ports.gateway}/graphql`,
    schemas,
    baseUrl: `http://127.0.0.1:${ports.gateway}`,
    processes,
    async stop() {
      await processes.stopAll()
      await dropSchemas(Object.values(schemas))
    },
  }
}
