/**
 * Load settings shared by every scenario, from the environment (the Guild's gateway benchmark
 * runs 50 virtual users; so do we by default).
 */
const numberFrom = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`)
  return value
}

export const benchSettings = {
  connections: numberFrom('BENCH_CONNECTIONS', 50),
  warmupSeconds: numberFrom('BENCH_WARMUP_SECONDS', 5),
  durationSeconds: numberFrom('BENCH_DURATION_SECONDS', 15),
  /**
   * BENCH_PRIME_SECONDS: before anything is measured, every target of the full view and the
   * dashboard is loaded this long, unmeasured. The warm-up of each window (5 s) is too short for a
   * JavaScript gateway whose optimising compiler is still at work: stock @apollo/gateway spent
   * 22.9 ms of CPU per request in its first round of a run and 13.5 ms in its second, so whichever
   * gateway ran first in a run was measured cold. 0: no priming.
   */
  primeSeconds: numberFrom('BENCH_PRIME_SECONDS', 20),
  /** BENCH_GATEWAY_HEAP_MB: our gateway's --max-old-space-size (0: Node's default). */
  gatewayHeapMb: numberFrom('BENCH_GATEWAY_HEAP_MB', 0),
  /**
   * BENCH_PEER_DEDUPE=off switches off the peers' sharing of identical in-flight requests (on by
   * default in each: Cosmo's single flight and inbound deduplication, Hive Router's and Hive
   * Gateway's subgraph request deduplication). The bench's load is one user sending a few distinct
   * requests, so with it on a peer answers many clients with one execution; ours executes each.
   */
  peerDedupe: (process.env.BENCH_PEER_DEDUPE ?? 'on') !== 'off',
  /**
   * BENCH_ORDER=reverse measures the targets last to first: what runs late in a run meets subgraphs
   * and a database that every target before it has warmed, so a difference between neighbours that
   * flips with the order is the order's, not theirs.
   */
  reverseOrder: process.env.BENCH_ORDER === 'reverse',
  /**
   * BENCH_ROUNDS=3 measures every target that many times at the load the first round settled on,
   * each round in the other order from the last (first to last, then last to first), and prints the
   * median of each ratio over the rounds. On a machine whose speed drifts within minutes, one round's
   * ratio of two neighbours moved by ±20 % between runs; a median of rounds in both orders does not
   * rest on one window or on who ran after whom.
   */
  rounds: Math.max(1, Math.floor(numberFrom('BENCH_ROUNDS', 1))),
  /** BENCH_TARGETS=stock,ours measures only the targets whose names contain one of these (default: all). */
  targets: (process.env.BENCH_TARGETS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean),
} as const
