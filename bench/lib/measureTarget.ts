import { SUBGRAPHS } from '../../scripts/run/supergraphProcesses'
import type { BenchSupergraph } from './benchEnvironment'
import type { LoadResult, LoadSpec } from './loadSpec'
import { runLoad } from './loadRun'
import { watchProcesses } from './processStats'
import { startWindowProfile, type WindowProfile } from './profiler'
import { settle, sqlBetween, sqlPerRequestPass, sqlSnapshot, type SqlPerRequest } from './sqlPerRequest'

/** One target of a scenario (the floor, stock @apollo/gateway, ours...) and how to load it. */
export interface Target {
  name: string
  /** The gateway process answering this target's requests; none for the floor. */
  gateway?: string
  spec: LoadSpec
  /**
   * How SQL statements are counted: 'pass' (reads: a few sequential requests after the load, exact)
   * or 'window' (writes, which cannot be repeated: over the measured window).
   */
  sql: 'pass' | 'window'
}

export interface TargetResult extends LoadResult {
  name: string
  /** The load it was measured under (closed-loop clients). */
  connections: number
  /** CPU time per request of the target's gateway process (null for the floor: there is none). */
  gatewayCpuMsPerRequest: number | null
  /** CPU time per request of all five subgraphs together. */
  subgraphsCpuMsPerRequest: number
  cpuMsPerRequest: Record<string, number>
  /** Peak RSS of every server process during the measured window. */
  peakRssMiB: Record<string, number>
  /** SQL statements per request, per subgraph, and the statements behind them (for finding an N+1). */
  sql: SqlPerRequest
  profileFiles: string[]
}

/**
 * Loads one target and measures, over the same measured window: latency and throughput (load
 * generator), CPU and peak RSS of every server process, SQL statements per subgraph, and (with
 * BENCH_PROFILE) a CPU profile and heap snapshot of one process.
 */
export async function measureTarget(
  scenario: string,
  bench: BenchSupergraph,
  target: Target,
  extraProcesses: Record<string, number> = {},
): Promise<TargetResult> {
  const pids: Record<string, number> = { gateway: bench.processes.gateway.child.pid!, ...extraProcesses }
  for (const name of SUBGRAPHS) pids[name] = bench.processes.subgraphs[name].child.pid!
  const watch = watchProcesses(pids)
  let sqlBefore = sqlSnapshot(bench)
  let profile: WindowProfile | undefined
  const load = await runLoad(`${scenario}: ${target.name}`, target.spec, async () => {
    watch.startCpu()
    sqlBefore = sqlSnapshot(bench)
    profile = await startWindowProfile(`${scenario}-${target.name}`, [
      ...(target.gateway ? [target.gateway] : []),
      ...SUBGRAPHS,
    ])
  })
  const sqlAfter = sqlSnapshot(bench)
  const { peakRssMiB, cpuMs } = watch.stop()
  const profileFiles = (await profile?.stop()) ?? []
  await settle(bench)
  const perRequest = (n: number) => (load.requests ? n / load.requests : NaN)
  const sql =
    target.sql === 'pass'
      ? await sqlPerRequestPass(bench, target.spec)
      : sqlBetween(sqlBefore, sqlAfter, load.requests, 'over the measured window')
  return {
    name: target.name,
    connections: target.spec.connections,
    ...load,
    gatewayCpuMsPerRequest: target.gateway ? perRequest(cpuMs[target.gateway]!) : null,
    subgraphsCpuMsPerRequest: perRequest(SUBGRAPHS.reduce((sum, name) => sum + cpuMs[name]!, 0)),
    cpuMsPerRequest: Object.fromEntries(Object.entries(cpuMs).map(([k, v]) => [k, perRequest(v)])),
    peakRssMiB,
    sql,
    profileFiles,
  }
}
