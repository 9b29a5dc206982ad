import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import { spawn } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import pg from 'pg'
import { SUBGRAPHS, startSupergraphProcesses, type SupergraphProcesses } from '../../scripts/run/supergraphProcesses'
import { startServiceProcess, waitUntilReady, type ServiceProcess } from '../../scripts/run/serviceProcess'
import type { SubgraphName } from '../../server-kit/config'
import { cpuTimeMs } from './processStats'
import { localService } from '../../scripts/services/localService'
import type { Identity } from '../../server-kit/auth/identity'
import { DEFAULT_DEMO_PASSWORD } from '../../subgraphs/users/auth/authSettings'

const root = path.resolve(__dirname, '..', '..')

/** Postgres for benchmarks: BENCH_DATABASE_URL, or the local server `npm test` uses. */
export function benchDatabaseUrl(): string {
  return localService(process.env.BENCH_DATABASE_URL, 'postgres.sh')
}

export interface BenchSupergraph {
  processes: SupergraphProcesses
  /** Postgres URL of a subgraph's schema (for set-up and for counting rows afterwards). */
  databaseUrl(name: SubgraphName): string
  subgraphUrls: Record<string, string>
  stop(): Promise<void>
}

/** The five subgraphs (and our gateway) as processes on fresh, seeded schemas. */
export async function startBenchSupergraph(basePort: number): Promise<BenchSupergraph> {
  const url = benchDatabaseUrl()
  const run = crypto.randomBytes(3).toString('hex')
  const schemaOf = (name: SubgraphName) => `bench_${run}_${name}`
  const withSchema = (name: SubgraphName) => {
    const u = new URL(url)
    u.searchParams.set('schema', schemaOf(name))
    return u.toString()
  }
  // The alert path runs on Kafka, as in production: the configured broker or the local one.
  const kafkaBrokers = localService(process.env.KAFKA_BROKERS, 'kafka.sh')
  const ports = { gateway: basePort, subgraphs: { users: basePort + 1, studies: basePort + 2, patients: basePort + 3, epro: basePort + 4, labs: basePort + 5 } }
  const processes = await startSupergraphProcesses({
    ports,
    output: 'capture',
    envFor: (name) => ({
      [`${name.toUpperCase()}_DATABASE_URL`]: withSchema(name),
      DATABASE_URL: '',
      SEED_ON_FIRST_START: 'true',
      LOG_LEVEL: 'warn',
      // Production settings, except for users: the benchmark signs in with the demo accounts,
      // whose passwords are never seeded in production.
      NODE_ENV: name === 'users' ? 'development' : 'production',
      EVENT_NAMESPACE: `bench-${run}.`,
      KAFKA_BROKERS: kafkaBrokers,
    }),
    // Rate limits off: the load is one user (one address) at up to 50 connections, thousands of
    // requests a second, which the per-user limits exist to refuse.
    gatewayEnv: { LOG_LEVEL: 'warn', NODE_ENV: 'production', RATE_LIMITS: 'off' },
    readyTimeoutMs: 180_000,
  })
  const subgraphUrls = Object.fromEntries(SUBGRAPHS.map((name) => [`${name.toUpperCase()}_SUBGRAPH_URL`, `http://127.0.0.1:${ports.subgraphs[name]}/graphql`]))
  return {
    processes,
    databaseUrl: withSchema,
    subgraphUrls,
    async stop() {
      await processes.stopAll()
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      for (const name of SUBGRAPHS) await client.query(`DROP SCHEMA IF EXISTS "${schemaOf(name)}" CASCADE`)
      await client.end()
    },
  }
}

/** Another gateway process (ours with other settings, or the stock baseline) on the same subgraphs. */
export async function startExtraGateway(name: string, entry: string, port: number, env: NodeJS.ProcessEnv): Promise<ServiceProcess> {
  const gateway = startServiceProcess({ name, entry, env: { PORT: String(port), HOST: '127.0.0.1', RATE_LIMITS: 'off', ...env }, baseUrl: `http://127.0.0.1:${port}` }, { output: 'capture' })
  // The stock gateway has no /ready; its landing page answers GET / once it listens.
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    try {
      if (entry.includes('stock')) {
        if ((await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } })).status < 500) return gateway
      } else {
        await waitUntilReady(gateway, 60_000)
        return gateway
      }
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${name} did not start`)
}

export interface LoadResult {
  requests: number
  rps: number
  latency: { p50: number; p90: number; p99: number; mean: number }
  errors: number
  non2xx: number
  /** 200 responses carrying GraphQL errors (a deadline that fired under load shows up here). */
  graphqlErrors: number
  /** Responses with the spec's acceptedMarker, warm-up included. */
  accepted: number
  /** Gateway process CPU time per request during the measured window (ms). */
  gatewayCpuMsPerRequest: number
}

/** Loads one gateway from a separate load-generator process; measures the gateway's CPU meanwhile. */
export function loadGateway(gatewayPid: number, spec: { url: string; query: string; variables: Record<string, unknown>[]; connections: number; warmupSeconds: number; durationSeconds: number; acceptedMarker?: string; acceptedIdsFile?: string; headers?: Record<string, string> }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // The spec goes through a file: tens of thousands of variable sets exceed the argument limit.
    const specFile = path.join(os.tmpdir(), `load-spec-${process.pid}-${Date.now()}.json`)
    fs.writeFileSync(specFile, JSON.stringify(spec))
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'loadGenerator.ts'), specFile], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
    child.once('exit', () => fs.rmSync(specFile, { force: true }))
    let cpuAtStart = 0
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'MEASURE_START') cpuAtStart = cpuTimeMs(gatewayPid)
      else if (line.startsWith('RESULT ')) {
        const cpu = cpuTimeMs(gatewayPid) - cpuAtStart
        const result = JSON.parse(line.slice(7)) as Omit<LoadResult, 'gatewayCpuMsPerRequest'>
        resolve({ ...result, gatewayCpuMsPerRequest: result.requests ? cpu / result.requests : NaN })
      }
    })
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)))
  })
}

/** Signs a demo account in through the gateway: its bearer token and the identity it carries. */
export async function signInForBench(gatewayUrl: string, email: string): Promise<{ authorization: string; identity: Identity }> {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }', variables: { e: email, p: process.env.DEMO_ACCOUNT_PASSWORD ?? DEFAULT_DEMO_PASSWORD } }),
  })
  const token = ((await response.json()) as { data?: { signIn?: { accessToken: string } } }).data?.signIn?.accessToken
  if (!token) throw new Error(`could not sign ${email} in for the benchmark`)
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; sid: string; grants: Identity['grants'] }
  return { authorization: `Bearer ${token}`, identity: { userId: claims.sub, sessionId: claims.sid, grants: claims.grants } }
}
