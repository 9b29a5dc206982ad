import fs from 'node:fs'
import path from 'node:path'
import { demoDataset } from '../demo-data'
import { SUBGRAPHS } from '../scripts/run/supergraphProcesses'
import { signInForBench, startBenchSupergraph } from './lib/benchEnvironment'
import { measureTarget, type TargetResult } from './lib/measureTarget'
import { fetchesOf } from './lib/planReplay'
import { watchProcesses } from './lib/processStats'
import { startWindowProfile } from './lib/profiler'
import { recordPlans } from './lib/queryPlanRecording'
import { resultProblem, writeResults } from './lib/report'
import { dataManagerOf } from '../test/support/demoAccounts'

/**
 * npm run bench:subgraph-fetch — what one subgraph fetch costs the subgraph (issue 20, item 4:
 * ≤ 1 ms of CPU for an entity fetch of a few rows). The patient full view's fetches, recorded
 * with their real representations for 100 patients as the floor does, are sent straight to each
 * subgraph in turn by BENCH_FETCH_CONNECTIONS (4) closed-loop clients; for each subgraph: its CPU
 * per fetch, less what it burns idle (outbox relays, pollers: measured first, per second), and
 * latency. A fetch answered with errors makes the row no result.
 */
const BASE_PORT = 24600
const CONNECTIONS = Number(process.env.BENCH_FETCH_CONNECTIONS ?? 4)
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3)
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10)
const IDLE_SECONDS = 5
/** BENCH_FETCH_SUBGRAPHS=edc,epro measures only those (a profile of one needs no window of the others). */
const MEASURED = process.env.BENCH_FETCH_SUBGRAPHS?.split(',').map((name) => name.trim())

const query = fs.readFileSync(path.join(__dirname, '..', 'schema', 'operations', 'PatientFullView.graphql'), 'utf8')
const study = demoDataset().studies.studies.find((s) => s.protocolId === 'ONC-3017')!
const variables = demoDataset()
  .patients.patients.filter((p) => p.enrollmentStatus === 'ENROLLED' && p.studyId === study.id)
  .slice(0, 100)
  .map((p) => ({ id: p.id }))

async function main() {
  const unknown = MEASURED?.filter((name) => !(SUBGRAPHS as readonly string[]).includes(name)) ?? []
  if (unknown.length > 0) {
    console.error(`BENCH_FETCH_SUBGRAPHS: no subgraph named ${unknown.join(', ')} (there are ${SUBGRAPHS.join(', ')}).`)
    process.exit(2)
  }
  console.log('subgraph-fetch: starting the supergraph on Postgres (a copy of the seeded demo dataset)...')
  const bench = await startBenchSupergraph(BASE_PORT)
  try {
    const { identity } = await signInForBench(`http://127.0.0.1:${BASE_PORT}/graphql`, dataManagerOf(study.id))
    const secret = bench.processes.authSecret
    console.log('recording the full view fetches with their real representations...')
    const { plans } = await recordPlans({
      query,
      variableSets: variables,
      subgraphUrls: bench.subgraphUrls,
      secret,
      identity,
    })
    const fetches = plans.flatMap(fetchesOf)

    console.log(`idle: each subgraph's CPU over ${IDLE_SECONDS} s with nothing asked of it...`)
    const pids = Object.fromEntries(SUBGRAPHS.map((name) => [name, bench.processes.subgraphs[name].child.pid!]))
    const idle = watchProcesses(pids)
    // With BENCH_PROFILE=<subgraph>, the idle window is profiled too: what burns CPU unasked.
    const idleProfile = await startWindowProfile('subgraph-fetch-idle', [...SUBGRAPHS])
    idle.startCpu()
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000))
    // The clock stops before the profile does: writing the profile is not the subgraph's idle work.
    const idleMsPerSecond = Object.fromEntries(
      Object.entries(idle.stop().cpuMs).map(([name, ms]) => [name, ms / IDLE_SECONDS]),
    )
    await idleProfile?.stop()

    const rows: Record<string, object> = {}
    const results: TargetResult[] = []
    for (const subgraph of SUBGRAPHS.filter((name) => !MEASURED || MEASURED.includes(name))) {
      const mine = fetches.filter((f) => f.subgraph === subgraph)
      if (mine.length === 0) continue
      const result = await measureTarget('subgraph-fetch', bench, {
        name: subgraph,
        sql: 'pass',
        spec: {
          connections: CONNECTIONS,
          warmupSeconds: WARMUP_SECONDS,
          durationSeconds: DURATION_SECONDS,
          replay: { plans: mine },
          assertion: { secret, identity },
        },
      })
      results.push(result)
      const gross = result.cpuMsPerRequest[subgraph]!
      const idleShare = (idleMsPerSecond[subgraph]! * result.durationSeconds) / result.requests
      const problem = resultProblem(result)
      rows[subgraph] = problem
        ? { 'no result': problem }
        : {
            'fetches/s': result.rps.toFixed(0),
            'p50 ms': result.latency.p50.toFixed(2),
            'p99 ms': result.latency.p99.toFixed(2),
            'CPU ms/fetch': gross.toFixed(3),
            'idle CPU ms/s': idleMsPerSecond[subgraph]!.toFixed(1),
            'CPU ms/fetch less idle': (gross - idleShare).toFixed(3),
            'SQL/fetch': (result.sql.perSubgraph[subgraph]?.total ?? 0).toFixed(2),
          }
    }
    console.log(`\nper subgraph, the full view's fetches to it at ${CONNECTIONS} connections:`)
    console.table(rows)
    writeResults('subgraph-fetch', {
      settings: { connections: CONNECTIONS, warmupSeconds: WARMUP_SECONDS, durationSeconds: DURATION_SECONDS },
      idleMsPerSecond,
      rows,
      results,
    })
  } finally {
    await bench.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
