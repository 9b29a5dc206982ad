import crypto from 'node:crypto'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { localPostgres, localService } from './services/localService'
import { buildWebApp } from './run/buildWebApp'

/**
 * npm test: everything the tests need, then the tests. Uses TEST_DATABASE_URL with
 * TEST_SERVICE_DATABASE_URL, and KAFKA_BROKERS, when given; otherwise starts (installing if needed)
 * a local Postgres with the test database and its owner and service roles, and a local Kafka
 * broker fetched from Maven Central; installs Debian's chromium for the browser tests (CHROMIUM_PATH
 * to use another) and builds the web app they open.
 * Unit and Postgres-backed subgraph suites run in parallel. End-to-end suites start the whole
 * supergraph (nine processes) and spend most of their time waiting on it, so two run at once;
 * those that measure time (*.solo.test.ts: deadlines, breakers, shedding, latency bounds) then run
 * one at a time, with the machine to themselves.
 */
const root = path.resolve(__dirname, '..')
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js')
const extraArgs = process.argv.slice(2)

function runJest(args: string[], env: NodeJS.ProcessEnv, timeoutMinutes: number): number {
  // A path filter given on the command line may select no suite of one of the two runs.
  const filtered = extraArgs.length > 0 ? ['--passWithNoTests'] : []
  // A hung suite must fail the run, not hold CI until its own time limit.
  const result = spawnSync(process.execPath, [jest, ...args, ...filtered, ...extraArgs], {
    cwd: root,
    env,
    stdio: 'inherit',
    timeout: timeoutMinutes * 60_000,
  })
  if (result.error) console.error(`jest did not finish: ${result.error.message}`)
  return result.status ?? 1
}

const postgres = localPostgres(
  { ownerUrl: process.env.TEST_DATABASE_URL, serviceUrl: process.env.TEST_SERVICE_DATABASE_URL },
  ['TEST_DATABASE_URL', 'TEST_SERVICE_DATABASE_URL'],
)
const env = {
  ...process.env,
  TEST_DATABASE_URL: postgres.ownerUrl,
  TEST_SERVICE_DATABASE_URL: postgres.serviceUrl,
  KAFKA_BROKERS: localService(process.env.KAFKA_BROKERS, 'kafka.sh'),
  CHROMIUM_PATH: localService(process.env.CHROMIUM_PATH, 'chromium.sh'),
  APOLLO_TELEMETRY_DISABLED: 'true',
  // One gateway secret per run, shared by the processes tests start and the tests that play the gateway.
  SUBGRAPH_AUTH_SECRET: process.env.SUBGRAPH_AUTH_SECRET ?? crypto.randomBytes(32).toString('hex'),
}
// Generous on purpose: ~3, ~15 and ~7 minutes on a quiet machine, several times that on a loaded one;
// the bound is there to end a hung run, not to time a slow one.
const parallel = runJest(['--selectProjects', 'unit', 'pg', 'kafka', '--maxWorkers=2'], env, 25)
// The browser suites open the app as the gateway serves it: built from the sources under test.
buildWebApp({ quiet: true })
const e2e = runJest(['--selectProjects', 'e2e', '--maxWorkers=2'], env, 40)
const solo = runJest(['--selectProjects', 'e2e-solo', '--runInBand'], env, 30)
process.exit(parallel || e2e || solo)
