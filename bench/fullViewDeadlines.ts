import fs from 'node:fs'
import path from 'node:path'
import { demoDataset } from '../demo-data'
import { loadGateway, signInForBench, startBenchSupergraph, startExtraGateway, type LoadResult } from './lib/benchEnvironment'
import { peakRssMiB } from './lib/processStats'

/**
 * npm run bench:deadlines — the cost of per-field deadlines on the patient full view, in one run:
 * our gateway with deadlines on, the same gateway with them off, and stock @apollo/gateway, each
 * loaded in turn (same subgraphs, same data, same random patients) by a separate load generator.
 * Prints RPS, latency percentiles, gateway CPU per request and peak RSS, with ratios; writes JSON
 * to bench/results/.
 */
// Deadline overhead is measured below saturation (no deadline may fire, or "on" would do less
// work than "off"); BENCH_CONNECTIONS=50 reproduces the Guild-style saturated run.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5)
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 15)
const BASE_PORT = 24000

async function main() {
  const query = fs.readFileSync(path.join(__dirname, '..', 'schema', 'operations', 'PatientFullView.graphql'), 'utf8')
  // The benchmark reads as ONC-3017's data manager, who may see every patient of that study.
  const study = demoDataset().studies.studies.find((st) => st.protocolId === 'ONC-3017')!
  const patients = demoDataset().patients.patients.filter((p) => p.enrollmentStatus === 'ENROLLED' && p.studyId === study.id)
  // A fixed pseudo-random order, so every target gets the same sequence of patients.
  const variables = patients.map((p, i) => ({ p, k: (i * 7919) % patients.length })).sort((a, b) => a.k - b.k).map(({ p }) => ({ id: p.id }))

  console.log('starting subgraphs on Postgres (seeding the demo dataset)...')
  const supergraph = await startBenchSupergraph(BASE_PORT)
  const results: Record<string, LoadResult & { peakRssMiB: number }> = {}
  try {
    const { authorization, identity } = await signInForBench(`http://127.0.0.1:${BASE_PORT}/graphql`, 'ingrid.nilsson@northbridge-cro.example')
    console.log('starting the baseline gateways...')
    const secret = { SUBGRAPH_AUTH_SECRET: supergraph.processes.authSecret }
    const off = await startExtraGateway('gateway-deadlines-off', 'gateway/main.ts', BASE_PORT + 10, { ...supergraph.subgraphUrls, ...secret, DEADLINES: 'off', LOG_LEVEL: 'warn', NODE_ENV: 'production' })
    // Stock @apollo/gateway checks no token: it vouches for the same identity on every fetch.
    const stock = await startExtraGateway('stock-gateway', 'bench/stockGateway.ts', BASE_PORT + 11, { ...supergraph.subgraphUrls, ...secret, BENCH_IDENTITY: JSON.stringify(identity) })
    const targets = [
      { name: 'stock @apollo/gateway', pid: stock.child.pid!, url: `http://127.0.0.1:${BASE_PORT + 11}/` },
      { name: 'ours, deadlines off', pid: off.child.pid!, url: `http://127.0.0.1:${BASE_PORT + 10}/graphql` },
      { name: 'ours, deadlines on', pid: supergraph.processes.gateway.child.pid!, url: `http://127.0.0.1:${BASE_PORT}/graphql` },
    ]
    for (const target of targets) {
      const check = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', authorization }, body: JSON.stringify({ query, variables: variables[0] }) })
      const body = (await check.json()) as { errors?: unknown[] }
      if (body.errors) throw new Error(`${target.name} answered the full view with errors: ${JSON.stringify(body.errors).slice(0, 500)}`)
      console.log(`loading ${target.name}: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up, ${DURATION_SECONDS} s measured...`)
      const result = await loadGateway(target.pid, { url: target.url, query, variables, connections: CONNECTIONS, warmupSeconds: WARMUP_SECONDS, durationSeconds: DURATION_SECONDS, headers: { authorization } })
      results[target.name] = { ...result, peakRssMiB: peakRssMiB(target.pid) }
    }
    await Promise.all([off.stop(), stock.stop()])
  } finally {
    await supergraph.stop()
  }
  report(results)
}

function report(results: Record<string, LoadResult & { peakRssMiB: number }>) {
  const rows = Object.entries(results).map(([name, r]) => ({
    target: name,
    rps: r.rps.toFixed(0),
    'p50 ms': r.latency.p50.toFixed(1),
    'p90 ms': r.latency.p90.toFixed(1),
    'p99 ms': r.latency.p99.toFixed(1),
    'gateway CPU ms/req': r.gatewayCpuMsPerRequest.toFixed(3),
    'peak RSS MiB': r.peakRssMiB.toFixed(0),
    'HTTP errors': r.errors + r.non2xx,
    'GraphQL errors': r.graphqlErrors,
  }))
  console.table(rows)
  const on = results['ours, deadlines on']!
  const off = results['ours, deadlines off']!
  const stock = results['stock @apollo/gateway']!
  const ratios = {
    'deadlines on / off — CPU per request': on.gatewayCpuMsPerRequest / off.gatewayCpuMsPerRequest,
    'deadlines on / off — p50 latency': on.latency.p50 / off.latency.p50,
    'deadlines on / off — RPS': on.rps / off.rps,
    'ours (on) / stock — CPU per request': on.gatewayCpuMsPerRequest / stock.gatewayCpuMsPerRequest,
    'ours (on) / stock — p50 latency': on.latency.p50 / stock.latency.p50,
    'ours (on) / stock — RPS': on.rps / stock.rps,
  }
  for (const [label, value] of Object.entries(ratios)) console.log(`${label}: ${value.toFixed(3)}`)
  const file = path.join(__dirname, 'results', `deadlines-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify({ scenario: 'full view, deadlines cost', connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, results, ratios }, null, 2))
  console.log(`results written to ${path.relative(process.cwd(), file)}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
