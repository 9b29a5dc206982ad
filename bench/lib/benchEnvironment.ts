import crypto from 'node:crypto'
import { SUBGRAPHS, startSupergraphProcesses, type SupergraphProcesses } from '../../scripts/run/supergraphProcesses'
import { startServiceProcess, type ServiceProcess } from '../../scripts/run/serviceProcess'
import { waitUntilReady } from '../../scripts/run/readinessWait'
import { buildServers } from '../../scripts/run/serverBuild'
import type { SubgraphName } from '../../subgraph-runtime/config'
import { startSqlStatementCounter, type SqlStatementCounter } from './sqlStatementCounter'
import { profileEnv } from './profiler'
import { benchSettings } from './benchSettings'
import { localPostgres, localService, type LocalPostgres } from '../../scripts/services/localService'
import type { Identity } from '../../contracts/identity'
import { demoAccessToken } from '../../test/support/demoAccounts'
import { copyOfSeededTemplate, dropDatabase } from '../../test/support/seededDatabase'
import { urlWithDatabase, urlWithSchema } from '../../test/support/postgres'

/**
 * Postgres for benchmarks: BENCH_DATABASE_URL (the owner, which migrates) with
 * BENCH_SERVICE_DATABASE_URL (the role the servers run as), or the local server `npm test` uses.
 */
function benchPostgres(): LocalPostgres {
  return localPostgres(
    { ownerUrl: process.env.BENCH_DATABASE_URL, serviceUrl: process.env.BENCH_SERVICE_DATABASE_URL },
    ['BENCH_DATABASE_URL', 'BENCH_SERVICE_DATABASE_URL'],
  )
}

export interface BenchSupergraph {
  processes: SupergraphProcesses
  /** Postgres URL of a subgraph's schema, as its owner (for set-up and for counting rows afterwards). */
  databaseUrl(name: SubgraphName): string
  subgraphUrls: Record<string, string>
  /** Each subgraph's SQL statements so far, counted on its way to Postgres (see sqlStatementCounter). */
  sqlCounters: Record<SubgraphName, SqlStatementCounter>
  stop(): Promise<void>
}

/**
 * BENCH_GATEWAY_HEAP_MB caps our gateway's V8 old space (--max-old-space-size), as a deployment
 * with a memory limit would: uncapped on a large machine, V8 lets garbage pile up and RSS says
 * little about what the gateway needs.
 */
function gatewayHeapEnv(): NodeJS.ProcessEnv {
  const heapMb = benchSettings.gatewayHeapMb
  return heapMb ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${heapMb}`.trim() } : {}
}

/**
 * The subgraphs (and our gateway) as processes on the demo dataset: a database of the run's own,
 * copied from the template the end-to-end suites copy (test/support/seededDatabase.ts: seeded once
 * per change of the seed, under a minute here, then a copy in seconds), each subgraph in its own schema.
 * Adaptive load shedding
 * (gateway and epro) is off unless asked for: the comparison scenarios measure what each target
 * does at saturation, where a shedding gateway would answer part of the load 503 and make the
 * window no result; shedding has its own scenario (bench/overload.ts).
 */
export async function startBenchSupergraph(
  basePort: number,
  options: { loadShedding?: boolean } = {},
): Promise<BenchSupergraph> {
  const loadShedding = options.loadShedding ? 'on' : 'off'
  const server = benchPostgres()
  const run = crypto.randomBytes(3).toString('hex')
  const database = `bench_${run}`
  const withSchema = (name: SubgraphName, base = server.ownerUrl) =>
    urlWithSchema(name, urlWithDatabase(base, database))
  // Each subgraph's server (the service role) reaches Postgres through its own counting relay; its
  // start-up migrations (the owner) and bench code itself connect directly.
  const postgres = new URL(server.ownerUrl)
  const sqlCounters = {} as Record<SubgraphName, SqlStatementCounter>
  for (const name of SUBGRAPHS)
    sqlCounters[name] = await startSqlStatementCounter({ host: postgres.hostname, port: Number(postgres.port || 5432) })
  const throughCounter = (name: SubgraphName) => {
    const u = new URL(withSchema(name, server.serviceUrl))
    u.hostname = '127.0.0.1'
    u.port = String(sqlCounters[name].port)
    return u.toString()
  }
  // The alert path runs on Kafka, as in production: the configured broker or the local one.
  const kafkaBrokers = localService(process.env.KAFKA_BROKERS, 'kafka.sh')
  const ports = {
    gateway: basePort,
    subgraphs: Object.fromEntries(SUBGRAPHS.map((name, i) => [name, basePort + 1 + i])) as Record<SubgraphName, number>,
  }
  const closeCounters = () => Promise.all(Object.values(sqlCounters).map((c) => c.close()))
  // Every server from a fresh build, the stock baseline as well: loaded the same way as ours.
  buildServers(['bench/stockGateway.ts'])
  console.log('copying the seeded demo dataset (seeding it first if the seed changed)...')
  await copyOfSeededTemplate(database, server).catch(async (error: unknown) => {
    await closeCounters()
    throw error
  })
  const processes = await startSupergraphProcesses({
    ports,
    output: 'capture',
    envFor: (name) => ({
      [`${name.toUpperCase()}_DATABASE_URL`]: throughCounter(name),
      [`${name.toUpperCase()}_MIGRATION_DATABASE_URL`]: withSchema(name),
      DATABASE_URL: '',
      MIGRATION_DATABASE_URL: '',
      // Finds the copy seeded: seeds nothing (would complete a seed the template had left unfinished).
      SEED_ON_FIRST_START: 'true',
      LOG_LEVEL: 'warn',
      // Production settings, except for users: the benchmark signs in with the demo accounts,
      // whose passwords are never seeded in production.
      NODE_ENV: name === 'users' ? 'development' : 'production',
      EVENT_NAMESPACE: `bench-${run}.`,
      KAFKA_BROKERS: kafkaBrokers,
      LOAD_SHEDDING: loadShedding,
      // Production requires the key of export pseudonyms; one per run (nothing here outlives it).
      ...(name === 'exports' ? { EXPORT_PSEUDONYM_SECRET: crypto.randomBytes(32).toString('hex') } : {}),
      ...profileEnv(name),
    }),
    // Rate limits off: the load is one user (one address) at up to 50 connections, thousands of
    // requests a second, which the per-user limits exist to refuse.
    gatewayEnv: {
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      RATE_LIMITS: 'off',
      LOAD_SHEDDING: loadShedding,
      ...profileEnv('gateway', gatewayHeapEnv()),
    },
  }).catch(async (error) => {
    await closeCounters()
    await dropDatabase(database, server)
    throw error
  })
  // Ctrl-C (or a timeout's TERM) must not leave its servers and their database behind.
  const stopOnSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the benchmark's processes...`)
    void Promise.all([...extraGateways].map((g) => g.stop()))
      .then(() => bench.stop())
      .catch((error) => console.error(error))
      .finally(() => process.exit(130))
  }
  process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal)
  const subgraphUrls = Object.fromEntries(
    SUBGRAPHS.map((name) => [
      `${name.toUpperCase()}_SUBGRAPH_URL`,
      `http://127.0.0.1:${ports.subgraphs[name]}/graphql`,
    ]),
  )
  const bench: BenchSupergraph = {
    processes,
    databaseUrl: withSchema,
    subgraphUrls,
    sqlCounters,
    async stop() {
      await processes.stopAll()
      await closeCounters()
      await dropDatabase(database, server)
    },
  }
  return bench
}

/** Gateways started besides the supergraph's own, stopped with it on a signal. */
const extraGateways = new Set<ServiceProcess>()

/** Another gateway process (ours with other settings, or the stock baseline) on the same subgraphs. */
export async function startExtraGateway(
  name: string,
  entry: string,
  port: number,
  env: NodeJS.ProcessEnv,
): Promise<ServiceProcess> {
  const gateway = startServiceProcess(
    {
      name,
      entry,
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        RATE_LIMITS: 'off',
        LOAD_SHEDDING: 'off',
        ...env,
        ...profileEnv(name),
      },
      baseUrl: `http://127.0.0.1:${port}`,
    },
    { output: 'capture' },
  )
  extraGateways.add(gateway)
  void gateway.exited.then(() => extraGateways.delete(gateway))
  // The stock gateway has no /ready; its landing page answers GET / once it listens.
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    try {
      if (entry.includes('stock')) {
        if ((await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } })).status < 500)
          return gateway
      } else {
        await waitUntilReady(gateway, { stallTimeoutMs: 60_000 })
        return gateway
      }
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${name} did not start`)
}

/** Signs a demo account in through the gateway: its bearer token and the identity it carries. */
export async function signInForBench(
  gatewayUrl: string,
  email: string,
): Promise<{ authorization: string; identity: Identity }> {
  const token = await demoAccessToken(gatewayUrl, email)
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
    sub: string
    sid: string
    grants: Identity['grants']
  }
  return {
    authorization: `Bearer ${token}`,
    identity: { userId: claims.sub, sessionId: claims.sid, grants: claims.grants },
  }
}
