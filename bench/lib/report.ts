import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TargetResult } from './measureTarget'
import { percentile } from './percentiles'

const f = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits)

/**
 * The tables every load scenario prints: load and CPU, peak RSS, SQL statements per request, and
 * (where the SQL pass took them) subgraph fetches per request.
 */
export function printTargets(results: TargetResult[]): void {
  console.log('\nload (measured window)')
  console.table(
    Object.fromEntries(
      results.map((r) => [
        r.name,
        {
          RPS: f(r.rps, 0),
          'p50 ms': f(r.latency.p50),
          'p95 ms': f(r.latency.p95),
          'p99 ms': f(r.latency.p99),
          errors: r.errors + r.non2xx,
          'GraphQL errors': r.graphqlErrors,
          'gateway CPU ms/req': f(r.gatewayCpuMsPerRequest, 3),
          'subgraphs CPU ms/req': f(r.subgraphsCpuMsPerRequest, 3),
          'load gen CPU ms/req': f(r.loadGeneratorCpuMsPerRequest, 3),
        },
      ]),
    ),
  )
  for (const r of results) {
    if (r.firstGraphqlError) console.log(`${r.name}, first GraphQL error: ${r.firstGraphqlError}`)
    if (r.errorCodes && Object.keys(r.errorCodes).length > 0) {
      const complete = ((1 - r.graphqlErrors / Math.max(1, r.requests)) * 100).toFixed(1)
      console.log(
        `${r.name}: ${complete} % of responses complete; responses with each error code: ${JSON.stringify(r.errorCodes)}`,
      )
    }
  }
  console.log('peak RSS during the window, MiB')
  console.table(
    Object.fromEntries(
      results.map((r) => [r.name, Object.fromEntries(Object.entries(r.peakRssMiB).map(([p, v]) => [p, f(v, 0)]))]),
    ),
  )
  console.log('SQL statements per request')
  console.table(
    Object.fromEntries(
      results.map((r) => [
        r.name,
        Object.fromEntries(Object.entries(r.sql.perSubgraph).map(([s, v]) => [s, f(v.total, 2)])),
      ]),
    ),
  )
  const withFetches = results.filter((r) => r.sql.fetches)
  if (!withFetches.length) return
  console.log('subgraph fetches (HTTP requests) per request')
  console.table(
    Object.fromEntries(
      withFetches.map((r) => [
        r.name,
        Object.fromEntries(Object.entries(r.sql.fetches!).map(([s, v]) => [s, f(v, 2)])),
      ]),
    ),
  )
}

/**
 * Why a target's window is not a result, or null when it is: a target that answered some requests
 * with errors (a deadline missed, a breaker open, a refusal) or not at all was measured doing less
 * work than the others — its throughput and CPU per request compare with nothing. A field that
 * failed carries an error, so a response with a missing part counts here too.
 */
export function resultProblem(
  r: Pick<TargetResult, 'requests' | 'errors' | 'non2xx' | 'graphqlErrors' | 'errorCodes'>,
): string | null {
  if (r.requests === 0) return 'no request was answered'
  // A refusal is often both non-2xx and carries GraphQL errors: count such a response once.
  const incomplete = r.errors + Math.max(r.non2xx, r.graphqlErrors)
  if (incomplete === 0) return null
  const parts = [
    r.errors && `${r.errors} socket errors or timeouts`,
    r.non2xx && `${r.non2xx} non-2xx`,
    r.graphqlErrors &&
      `${r.graphqlErrors} with GraphQL errors${r.errorCodes && Object.keys(r.errorCodes).length ? ` ${JSON.stringify(r.errorCodes)}` : ''}`,
  ].filter(Boolean)
  return `${incomplete} of ${r.requests} responses incomplete (${parts.join(', ')})`
}

/**
 * Ratios to the baselines measured in the same run: latency and throughput against the floor,
 * gateway CPU per request and throughput against stock @apollo/gateway. No ratio involves a target
 * whose window is not a result (resultProblem): it is printed with the reason instead.
 */
export function ratiosTo(
  results: TargetResult[],
  baselines: { floor?: string; stock?: string; ours?: string },
): Record<string, Record<string, number>> {
  const problems = new Map(results.flatMap((r) => (resultProblem(r) ? [[r.name, resultProblem(r)!] as const] : [])))
  for (const [name, problem] of problems) console.log(`not a result, no ratio computed: ${name} — ${problem}`)
  const valid = results.filter((r) => !problems.has(r.name))
  const floor = valid.find((r) => r.name === baselines.floor)
  const stock = valid.find((r) => r.name === baselines.stock)
  const ours = valid.find((r) => r.name === baselines.ours)
  const endToEndCpu = (r: TargetResult) => (r.gatewayCpuMsPerRequest ?? 0) + r.subgraphsCpuMsPerRequest
  const ratios: Record<string, Record<string, number>> = {}
  for (const r of valid) {
    if (r === floor || r === stock) continue
    const row: Record<string, number> = {}
    if (floor) {
      row['p50 ÷ floor p50'] = r.latency.p50 / floor.latency.p50
      row['RPS ÷ floor RPS'] = r.rps / floor.rps
    }
    if (stock) {
      if (r.gatewayCpuMsPerRequest !== null && stock.gatewayCpuMsPerRequest)
        row['gateway CPU ÷ stock'] = r.gatewayCpuMsPerRequest / stock.gatewayCpuMsPerRequest
      row['RPS ÷ stock RPS'] = r.rps / stock.rps
      row['p50 ÷ stock p50'] = r.latency.p50 / stock.latency.p50
      if (r.gatewayCpuMsPerRequest !== null) row['gateway+subgraphs CPU ÷ stock'] = endToEndCpu(r) / endToEndCpu(stock)
    }
    // Peers (and stock) against ours: above 1, the other does better on RPS; below 1, on CPU.
    if (ours && r !== ours) {
      row['RPS ÷ ours'] = r.rps / ours.rps
      if (r.gatewayCpuMsPerRequest !== null && ours.gatewayCpuMsPerRequest)
        row['gateway CPU ÷ ours'] = r.gatewayCpuMsPerRequest / ours.gatewayCpuMsPerRequest
    }
    ratios[r.name] = row
  }
  if (stock && floor)
    ratios[stock.name] = {
      'p50 ÷ floor p50': stock.latency.p50 / floor.latency.p50,
      'RPS ÷ floor RPS': stock.rps / floor.rps,
      ...(ours && { 'RPS ÷ ours': stock.rps / ours.rps }),
    }
  console.log('ratios (same run)')
  console.table(
    Object.fromEntries(
      Object.entries(ratios).map(([name, row]) => [
        name,
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, f(v, 2)])),
      ]),
    ),
  )
  return ratios
}

/**
 * Each ratio's median over rounds (BENCH_ROUNDS), printed with its range across them. A round in
 * which a target was not a result (ratiosTo) gives it no value for that round.
 */
export function medianRatios(rounds: Record<string, Record<string, number>>[]): Record<string, Record<string, number>> {
  const values = new Map<string, Map<string, number[]>>()
  for (const ratios of rounds)
    for (const [name, row] of Object.entries(ratios))
      for (const [column, value] of Object.entries(row)) {
        const columns = values.get(name) ?? values.set(name, new Map()).get(name)!
        columns.set(column, [...(columns.get(column) ?? []), value])
      }
  const medians: Record<string, Record<string, number>> = {}
  const printed: Record<string, Record<string, string>> = {}
  for (const [name, columns] of values) {
    medians[name] = {}
    printed[name] = {}
    for (const [column, list] of columns) {
      medians[name][column] = percentile(list, 0.5)
      printed[name][column] =
        `${f(percentile(list, 0.5), 2)} (${f(Math.min(...list), 2)}–${f(Math.max(...list), 2)}${list.length < rounds.length ? `, ${list.length} of ${rounds.length}` : ''})`
    }
  }
  console.log(`\nratios, median of ${rounds.length} rounds (range)`)
  console.table(printed)
  return medians
}

/** The conditions a number was measured under: a busy machine makes every number suspect. */
export function machineConditions() {
  return { cpus: os.cpus().length, loadAverage1m: os.loadavg()[0], node: process.version, at: new Date().toISOString() }
}

/** Writes bench/results/<scenario>-<time>.json and says where. */
export function writeResults(scenario: string, payload: object): string {
  const file = path.join(
    __dirname,
    '..',
    'results',
    `${scenario}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  )
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify({ scenario, machine: machineConditions(), ...payload }, null, 2))
  console.log(`\nresults written to ${path.relative(process.cwd(), file)}`)
  return file
}
