import { startSupergraphProcesses, type SupergraphProcesses } from './run/supergraphProcesses'
import { SUBGRAPH_NAMES, SUBGRAPH_PORTS } from '../subgraph-runtime/config'
import { describeBootProgress, type BootProgress } from '../contracts/bootProgress'
import { buildWebApp } from './run/buildWebApp'
import { buildServers } from './run/serverBuild'

/**
 * npm start: the whole supergraph on this machine. With no configuration each subgraph keeps an
 * embedded PGlite database under .data/<subgraph> (created, migrated and seeded on first start);
 * with DATABASE_URL (or <SUBGRAPH>_DATABASE_URL) they use Postgres instead. Ctrl-C stops everything.
 */
const EXAMPLE = `query PatientFullView {
  patientBySubjectNumber(subjectNumber: "ONC-3017-101-0034") {
    subjectNumber enrollmentStatus demographics { yearOfBirth sex }
    study { protocolId phase } site { siteNumber name country }
    assignedCrc { displayName email phone }
    latestEproSubmission { painScore entryDate } eproCompliance { percentage }
    abnormalLabCount latestAbnormalLabResults(first: 3) { name value unit abnormalFlag }
  }
}`

const STILL_STARTING_EVERY_MS = 10_000

async function main() {
  const started = performance.now()
  const embedded = !process.env.DATABASE_URL
  console.log(
    `Starting the supergraph (${embedded ? `embedded PGlite databases in ${process.env.DATA_DIR || '.data'}/` : 'Postgres from DATABASE_URL'})...`,
  )
  let processes: SupergraphProcesses | undefined
  let stopping = false
  const stop = async () => {
    // Still starting: exit; the children, in their own process groups, get SIGTERM as this process
    // exits. A seed cut short here is completed by the next start (subgraph-runtime/seeding).
    if (!processes) {
      console.log('\nStopped while starting; the next npm start completes whatever demo data is missing.')
      process.exit(130)
    }
    if (stopping) {
      // Ctrl-C again: a server takes a second signal as "exit now" (its shutdown is cut short).
      for (const service of services()) if (service.child.exitCode === null) service.child.kill('SIGTERM')
      return
    }
    stopping = true
    console.log('\nStopping (each server drains its requests and closes its database; Ctrl-C again to force)...')
    await processes.stopAll()
    console.log('Stopped.')
    process.exit(0)
  }
  const services = () => (processes ? [processes.gateway, ...Object.values(processes.subgraphs)] : [])
  // The web app the gateway serves at /, built from the sources as they are (a couple of seconds).
  if (process.env.WEB_APP !== 'off') {
    console.log('Building the web app (web/dist)...')
    buildWebApp({ quiet: true })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  // A first start seeds the demo data, which takes minutes on a slow machine: say every so often
  // who is still busy with what (each subgraph also logs its own progress).
  const booting = new Map<string, BootProgress | undefined>(SUBGRAPH_NAMES.map((name) => [name, undefined]))
  const stillStarting = setInterval(() => {
    if (booting.size === 0) return
    const seconds = Math.round((performance.now() - started) / 1000)
    const who = [...booting].map(
      ([name, progress]) => `${name} ${progress ? describeBootProgress(progress) : 'loading'}`,
    )
    console.log(`Still starting after ${seconds} s: ${who.join('; ')}`)
  }, STILL_STARTING_EVERY_MS)
  buildServers()
  processes = await startSupergraphProcesses({
    ownProcessGroup: true,
    onProgress: (name, progress) => booting.set(name, progress),
    onReady: (name) => booting.delete(name),
    envFor: () => ({
      SEED_ON_FIRST_START: process.env.SEED_ON_FIRST_START ?? 'true',
      LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
    }),
    gatewayEnv: { LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty' },
  }).finally(() => clearInterval(stillStarting))
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`
Supergraph ready in ${seconds} s: http://localhost:4000/graphql  (health: /health, readiness: /ready)
Web app: http://localhost:4000/  (sign in with a demo account from the README)
Subgraphs: ${Object.entries(SUBGRAPH_PORTS)
    .map(([name, port]) => `${name} :${port}`)
    .join('  ')}

Try it (every demo account's password is in the README):
TOKEN=$(curl -s http://localhost:4000/graphql -H 'content-type: application/json' \\
  -d '{"query":"mutation { signIn(email: \\"ingrid.nilsson@northbridge-cro.example\\", password: \\"Trial-Demo-2026!\\") { accessToken } }"}' \\
  | sed -E 's/.*"accessToken":"([^"]+)".*/\\1/')
curl -s http://localhost:4000/graphql -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\
  -d '{"query":"{ patientBySubjectNumber(subjectNumber: \\"ONC-3017-101-0034\\") { subjectNumber site { name } assignedCrc { displayName } latestEproSubmission { painScore } abnormalLabCount } }"}'

${EXAMPLE}

Press Ctrl-C to stop.`)

  // If any server dies on its own, take the rest down too rather than serve half a graph.
  for (const service of services()) {
    service.exited.then((code) => {
      if (stopping) return
      console.error(`${service.spec.name} exited unexpectedly (code ${code}); stopping the supergraph.`)
      void stop().finally(() => process.exit(1))
    })
  }
}

main().catch((error) => {
  console.error(`Start-up failed: ${(error as Error).message}`)
  process.exit(1)
})
