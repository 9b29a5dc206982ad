import type { SubgraphConfig } from '../../subgraph-runtime/config'
import type {
  BackgroundWork,
  PrismaLike,
  SqlStatementListener,
  SubgraphModule,
} from '../../subgraph-runtime/subgraphModule'
import { bootSubgraph } from '../../subgraph-runtime/bootSubgraph'
import { createLogger } from '../../platform/logging/logger'
import { requestWork } from '../../subgraph-runtime/database/requestWork'
import { asOwnerIn, dropSchemas, testDatabaseTarget, uniqueSchemaName } from './postgres'
import type { Identity } from '../../contracts/identity'
import { TEST_AUTH_SECRET, gatewayHeaders, identityWith } from './gatewayCredentials'
import { postGraphQL, type GraphQLResponse } from './graphqlClient'
import { isRegistryLookup } from './registryLookup'

/**
 * Statements of background work (the outbox relay, the alert tailer) are not request work and
 * would make per-request counts depend on timing. Every HTTP request runs inside a RequestWork
 * (requestWorkMiddleware); background work never does.
 */
export const isBackgroundStatement = () => requestWork.getStore() === undefined

export interface SubgraphUnderTest<P, B = BackgroundWork> {
  url: string
  /** POSTs as the gateway would, on behalf of `identity` (default: the suite's identity; null: anonymous). */
  post(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
    identity?: Identity | null,
  ): Promise<GraphQLResponse>
  /** The identity `post` uses by default. */
  identity: Identity
  prisma: P
  /**
   * Runs SQL as the schema's owner: `prisma` is the service role, as in production, which may not
   * create triggers or functions, nor even try an UPDATE of the audit trail.
   */
  asOwner(sql: string): Promise<void>
  background?: B
  /**
   * Counts SQL statements; reset before the request you measure. `besideRegistry` leaves out
   * subject registry lookups, which are cached across requests (registryLookup.ts).
   */
  statements: { count: number; reset(): void; queries: string[]; besideRegistry(): number }
  stop(): Promise<void>
}

/**
 * Boots a real subgraph server (HTTP on a free port) on a fresh Postgres schema, migrated by the
 * same code as production: the owner migrates, the server runs as the service role. `seed` writes the fixture rows the suite needs.
 */
export async function startSubgraphUnderTest<
  P extends PrismaLike,
  C extends { identity: Identity | null },
  B extends BackgroundWork = BackgroundWork,
>(
  module: SubgraphModule<P, C, B>,
  seed?: (prisma: P) => Promise<void>,
  overrides: Partial<SubgraphConfig> = {},
  identity: Identity = identityWith(),
): Promise<SubgraphUnderTest<P, B>> {
  const schema = uniqueSchemaName(module.name)
  const statements = {
    count: 0,
    queries: [] as string[],
    reset() {
      this.count = 0
      this.queries = []
    },
    besideRegistry() {
      return this.queries.filter((q) => !isRegistryLookup(q)).length
    },
  }
  const onSqlStatement: SqlStatementListener = ({ query }) => {
    if (isBackgroundStatement()) return
    statements.count += 1
    statements.queries.push(query)
  }
  const logger = createLogger(module.name, { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' })
  const running = await bootSubgraph(
    module,
    {
      name: module.name,
      port: 0,
      host: '127.0.0.1',
      database: testDatabaseTarget(module.name, schema, 4),
      seedOnFirstStart: false,
      production: false,
      eventNamespace: '',
      authSecret: TEST_AUTH_SECRET,
      ...overrides,
    },
    { logger, onSqlStatement },
  )
  const stop = async () => {
    await running.stop()
    await dropSchemas([schema])
  }
  try {
    if (seed) await seed(running.prisma)
  } catch (error) {
    await stop() // an open server would keep Jest from ever exiting
    throw error
  }
  return {
    url: running.graphqlUrl,
    identity,
    post: async (query, variables = {}, headers = {}, as = identity) =>
      postGraphQL(running.graphqlUrl, query, variables, { ...(await gatewayHeaders(module.name, as)), ...headers }),
    prisma: running.prisma,
    asOwner: (sql) => asOwnerIn(schema, sql),
    background: running.background,
    statements,
    stop,
  }
}
