import { SUBGRAPHS } from '../../scripts/run/supergraphProcesses'
import type { BenchSupergraph } from './benchEnvironment'
import type { LoadSpec } from './loadSpec'
import { planReplayer } from './planReplay'
import { peerAssertionHeaders, signAssertions, subgraphAssertionHeader } from './benchAssertions'
import { countsBetween, type StatementCounts } from './sqlStatementCounter'
import { fetchesBetween, subgraphFetchCounts } from './subgraphFetchCounter'

export interface SqlPerRequest {
  /** Statements per request, per subgraph: total and by kind (SELECT, INSERT, BEGIN...). */
  perSubgraph: Record<string, { total: number; byKind: Record<string, number> }>
  /** Per subgraph, each statement text (schema prefix removed) and how often it ran per request. */
  statements: Record<string, Record<string, number>>
  /** GraphQL requests (fetches) per request to each subgraph: only the SQL pass takes them. */
  fetches?: Record<string, number>
  /** How the numbers were taken. */
  method: string
}

/** Counter snapshots of every subgraph, and the statements per request between two of them. */
export function sqlSnapshot(bench: BenchSupergraph): Record<string, StatementCounts> {
  return Object.fromEntries(SUBGRAPHS.map((name) => [name, bench.sqlCounters[name].snapshot()]))
}

export function sqlBetween(
  before: Record<string, StatementCounts>,
  after: Record<string, StatementCounts>,
  requests: number,
  method: string,
): SqlPerRequest {
  const per = (record: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(record).map(([k, v]) => [k.replace(/"bench_[0-9a-f]+_\w+"\./g, ''), v / requests]),
    )
  const result: SqlPerRequest = { perSubgraph: {}, statements: {}, method }
  for (const name of SUBGRAPHS) {
    const counts = countsBetween(before[name]!, after[name]!)
    result.perSubgraph[name] = { total: counts.total / requests, byKind: per(counts.byKind) }
    result.statements[name] = per(counts.byText)
  }
  return result
}

/**
 * Waits until no subgraph has run a statement for a second (at most a minute): when a load window
 * closes, the requests in flight still run in the gateway and subgraphs, and must not be counted
 * in, or slow down, whatever is measured next.
 */
export async function settle(bench: BenchSupergraph): Promise<void> {
  const total = () => SUBGRAPHS.reduce((n, name) => n + bench.sqlCounters[name].snapshot().total, 0)
  let last = total()
  for (const end = Date.now() + 60_000; Date.now() < end;) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const now = total()
    if (now === last) return
    last = now
  }
}

/**
 * Exact statements per request for a read target: a few requests one after another on an idle
 * system (under load, requests in flight at the edges of the window blur the count, and a deadline
 * that fires makes a request do less).
 */
export async function sqlPerRequestPass(bench: BenchSupergraph, spec: LoadSpec, requests = 20): Promise<SqlPerRequest> {
  const fetchesBefore = await subgraphFetchCounts(bench.subgraphUrls)
  const before = sqlSnapshot(bench)
  // A peer gateway passes each subgraph the assertion the client sent for it (scripts/peers/):
  // without them every fetch is refused and the pass counts no statements at all.
  const forPeer = spec.assertion?.clientHeadersFor
  const peerHeaders = forPeer ? peerAssertionHeaders(await signAssertions(spec.assertion!, forPeer)) : {}
  if (spec.graphql) {
    const { url, query, variables, headers } = spec.graphql
    for (let i = 0; i < requests; i++) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers, ...peerHeaders },
        body: JSON.stringify({ query, variables: variables[i % variables.length] }),
      })
      await response.arrayBuffer()
    }
  } else {
    const tokens = await signAssertions(spec.assertion!, SUBGRAPHS)
    const replayer = planReplayer((subgraph) => subgraphAssertionHeader(tokens, subgraph))
    for (let i = 0; i < requests; i++) await replayer.replay(spec.replay!.plans[i % spec.replay!.plans.length]!)
    replayer.close()
  }
  // The relay counts what it has forwarded; give the last responses' statements time to be read.
  await new Promise((resolve) => setTimeout(resolve, 100))
  const sql = sqlBetween(before, sqlSnapshot(bench), requests, `${requests} requests one at a time, after the load`)
  return { ...sql, fetches: fetchesBetween(fetchesBefore, await subgraphFetchCounts(bench.subgraphUrls), requests) }
}
