import { isDeepStrictEqual } from 'node:util'
import path from 'node:path'
import { signInForBench, startBenchSupergraph, startExtraGateway } from './benchEnvironment'
import { benchSettings } from './benchSettings'
import { measureTarget, type Target, type TargetResult } from './measureTarget'
import { runLoad } from './loadRun'
import type { LoadSpec } from './loadSpec'
import { recordPlans } from './queryPlanRecording'
import { medianRatios, printTargets, ratiosTo, resultProblem, writeResults } from './report'
import { PEER_NAMES, startPeer, type PeerName } from './peers'
import { peerAssertionHeaders, signAssertions } from './benchAssertions'
import { SUBGRAPHS } from '../../scripts/run/supergraphProcesses'

/**
 * A read scenario (full view, dashboard) against its baselines in one run, on one set of
 * subgraphs and data: the floor (the plan's subgraph fetches replayed with no gateway), stock
 * @apollo/gateway, and our gateway with its features on — plus extra variants of ours (other
 * settings, other variables). Every target gets the same variable sets in the same order.
 */
export interface QueryScenario {
  scenario: string
  basePort: number
  query: string
  variables: Record<string, unknown>[]
  /** The demo account whose token our gateway gets (stock and the floor vouch for the same identity). */
  viewer: string
  /** More runs of our gateway: other variables, or a second gateway process with other settings. */
  variants?: { name: string; variables?: Record<string, unknown>[]; gatewayEnv?: NodeJS.ProcessEnv }[]
}

export const FLOOR = 'floor (subgraphs direct)'
export const STOCK = 'stock @apollo/gateway'
export const OURS = 'ours (features on)'
/** The peer gateways measured beside us (bench/lib/peers.ts; built by scripts/peers/<peer>.sh). */
const PEER_TARGETS: Record<PeerName, string> = {
  'hive-gateway': 'Hive Gateway (Rust planner)',
  'cosmo-router': 'Cosmo Router',
  'hive-router': 'Hive Router',
}
const SUPERGRAPH = path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql')
const wanted = (name: string) =>
  benchSettings.targets.length === 0 || benchSettings.targets.some((part) => name.includes(part))

export async function runQueryScenario(options: QueryScenario): Promise<void> {
  const { connections, warmupSeconds, durationSeconds } = benchSettings
  const port = options.basePort
  console.log(`${options.scenario}: starting the supergraph on Postgres (a copy of the seeded demo dataset)...`)
  const bench = await startBenchSupergraph(port)
  const extra: { stop(): Promise<void> }[] = []
  try {
    const gatewayUrl = `http://127.0.0.1:${port}/graphql`
    const { authorization, identity } = await signInForBench(gatewayUrl, options.viewer)
    const secret = bench.processes.authSecret
    const load = (url: string, variables = options.variables) => ({
      connections,
      warmupSeconds,
      durationSeconds,
      graphql: { url, query: options.query, variables, headers: { authorization } },
    })
    console.log('recording the floor: the query plan, and each fetch with its real entity representations...')
    const floor = await recordPlans({
      query: options.query,
      variableSets: options.variables,
      subgraphUrls: bench.subgraphUrls,
      secret,
      identity,
    })
    console.log(floor.planText)
    const stock = await startExtraGateway('stock-gateway', 'bench/stockGateway.ts', port + 10, {
      ...bench.subgraphUrls,
      SUBGRAPH_AUTH_SECRET: secret,
      BENCH_IDENTITY: JSON.stringify(identity),
    })
    extra.push(stock)
    const processes: Record<string, number> = { 'stock-gateway': stock.child.pid! }
    // Peers on the same subgraphs; one that is not built is reported as such, not skipped silently.
    const peersNotMeasured: Record<string, string> = {}
    const peerTargets: Target[] = []
    const subgraphUrls = Object.fromEntries(
      SUBGRAPHS.map((name) => [name, bench.subgraphUrls[`${name.toUpperCase()}_SUBGRAPH_URL`]!]),
    )
    for (const [i, peer] of PEER_NAMES.entries()) {
      const name = PEER_TARGETS[peer]
      if (!wanted(name)) continue
      try {
        const running = await startPeer(peer, { port: port + 20 + i, subgraphUrls, supergraphPath: SUPERGRAPH })
        extra.push(running)
        processes[peer] = running.pid
        peerTargets.push({
          name,
          sql: 'pass',
          gateway: peer,
          spec: { ...load(running.url), assertion: { secret, identity, clientHeadersFor: SUBGRAPHS } },
        })
      } catch (error) {
        peersNotMeasured[name] = (error as Error).message
        console.log(`${name}: not measured — ${(error as Error).message}`)
      }
    }
    const targets: Target[] = [
      {
        name: FLOOR,
        sql: 'pass',
        spec: {
          connections,
          warmupSeconds,
          durationSeconds,
          replay: { plans: floor.plans },
          assertion: { secret, identity },
        },
      },
      { name: STOCK, sql: 'pass', gateway: 'stock-gateway', spec: load(`http://127.0.0.1:${port + 10}/`) },
      { name: OURS, sql: 'pass', gateway: 'gateway', spec: load(gatewayUrl) },
      ...peerTargets,
    ]
    for (const [i, variant] of (options.variants ?? []).entries()) {
      let gateway = 'gateway'
      let url = gatewayUrl
      if (variant.gatewayEnv) {
        gateway = `gateway-${i + 2}`
        url = `http://127.0.0.1:${port + 11 + i}/graphql`
        const started = await startExtraGateway(gateway, 'gateway/main.ts', port + 11 + i, {
          ...bench.subgraphUrls,
          SUBGRAPH_AUTH_SECRET: secret,
          LOG_LEVEL: 'warn',
          NODE_ENV: 'production',
          ...variant.gatewayEnv,
        })
        extra.push(started)
        processes[gateway] = started.child.pid!
      }
      targets.push({ name: variant.name, sql: 'pass', gateway, spec: load(url, variant.variables) })
    }
    let measured = targets.filter((t) => wanted(t.name))
    // Every gateway must give our answer: one that answers otherwise would be measured doing other work.
    const answers = new Map<string, unknown>()
    for (const target of measured.filter((t) => t.spec.graphql))
      answers.set(target.name, await expectAnswer(target, options.query))
    for (const peer of peerTargets.filter((t) => answers.has(t.name) && answers.has(OURS)))
      if (!isDeepStrictEqual(answers.get(peer.name), answers.get(OURS))) {
        peersNotMeasured[peer.name] =
          `its answer differs from ours: ${JSON.stringify(answers.get(peer.name)).slice(0, 300)}`
        measured = measured.filter((t) => t !== peer)
      }
    if (benchSettings.reverseOrder) measured.reverse()
    console.log(
      `${measured.length} targets, each: ${connections} connections, ${warmupSeconds} s warm-up, ${durationSeconds} s measured; ` +
        `peers' sharing of identical in-flight requests ${benchSettings.peerDedupe ? 'on (their default)' : 'off (BENCH_PEER_DEDUPE=off)'}${benchSettings.reverseOrder ? '; measured last to first (BENCH_ORDER=reverse)' : ''}`,
    )
    // Every target at the same load, and a load at which every one answers completely: a target
    // answering with errors is measured doing less work (report.ts, resultProblem). Halved until
    // they all do (or one connection): the highest such load of the ladder is the one reported.
    const incompleteAt: { connections: number; problems: Record<string, string> }[] = []
    const measureAll = async (list: Target[], level: number) => {
      const results: TargetResult[] = []
      // A ladder outlives an access token: each level signs in afresh (an expired one answered
      // every request UNAUTHENTICATED, and ours was "measured" refusing them).
      const fresh = { authorization: (await signInForBench(gatewayUrl, options.viewer)).authorization }
      for (const target of list) {
        const graphql = target.spec.graphql?.headers?.authorization
          ? { ...target.spec.graphql, headers: { ...target.spec.graphql.headers, ...fresh } }
          : target.spec.graphql
        results.push(
          await measureTarget(
            options.scenario,
            bench,
            { ...target, spec: { ...target.spec, graphql, connections: level } },
            processes,
          ),
        )
      }
      return results
    }
    if (benchSettings.primeSeconds > 0) {
      console.log(`priming: every target loaded ${benchSettings.primeSeconds} s, not measured`)
      for (const target of measured)
        await runLoad(`${options.scenario}: ${target.name} (priming)`, primingSpec(target.spec), () => {})
    }
    let results: TargetResult[] = []
    let level = connections
    for (; ; level = Math.max(1, Math.floor(level / 2))) {
      results = await measureAll(measured, level)
      const problems = Object.fromEntries(
        results.flatMap((r) => (resultProblem(r) ? [[r.name, resultProblem(r)!]] : [])),
      )
      if (Object.keys(problems).length === 0 || level === 1) {
        console.log(
          `\nmeasured at ${level} connections${incompleteAt.length ? ` (incomplete answers at ${incompleteAt.map((a) => a.connections).join(', ')})` : ''}`,
        )
        break
      }
      incompleteAt.push({ connections: level, problems })
      console.log(
        `\nat ${level} connections, incomplete answers from ${Object.keys(problems).join(', ')}: every target again at ${Math.max(1, Math.floor(level / 2))}`,
      )
    }
    const baselines = { floor: FLOOR, stock: STOCK, ours: OURS }
    printTargets(results)
    const rounds = [{ results, ratios: ratiosTo(results, baselines) }]
    for (let round = 2; round <= benchSettings.rounds; round++) {
      const order = round % 2 === 0 ? [...measured].reverse() : measured
      console.log(`\nround ${round} of ${benchSettings.rounds}, at ${level} connections, ${order[0]!.name} first`)
      const again = await measureAll(order, level)
      printTargets(again)
      rounds.push({ results: again, ratios: ratiosTo(again, baselines) })
    }
    const ratios = rounds.length > 1 ? medianRatios(rounds.map((r) => r.ratios)) : rounds[0]!.ratios
    for (const [name, reason] of Object.entries(peersNotMeasured)) console.log(`not measured: ${name} — ${reason}`)
    writeResults(options.scenario, {
      settings: benchSettings,
      peersNotMeasured,
      connections: level,
      incompleteAt,
      queryPlan: floor.planText,
      results,
      ratios,
      ...(rounds.length > 1 && { rounds }),
    })
  } finally {
    await Promise.all(extra.map((p) => p.stop()))
    await bench.stop()
  }
}

/** A target's load for priming: all of it warm-up, and one second the result of which is dropped. */
function primingSpec(spec: LoadSpec): LoadSpec {
  return { ...spec, warmupSeconds: benchSettings.primeSeconds, durationSeconds: 1 }
}

/** A target that answers with errors would be measured doing less work: refuse to load it. Its data. */
async function expectAnswer(target: Target, query: string, attempts = 3): Promise<unknown> {
  try {
    return await answerOf(target, query)
  } catch (error) {
    // A cold gateway may miss a 500 ms @deadline on its very first request (plans, pools, JIT).
    if (attempts <= 1) throw error
    return expectAnswer(target, query, attempts - 1)
  }
}

async function answerOf(target: Target, query: string): Promise<unknown> {
  const spec = target.spec.graphql!
  const forPeer = target.spec.assertion?.clientHeadersFor
  const response = await fetch(spec.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...spec.headers,
      ...(forPeer ? peerAssertionHeaders(await signAssertions(target.spec.assertion!, forPeer)) : {}),
    },
    body: JSON.stringify({ query, variables: spec.variables[0] }),
  })
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] }
  if (body.errors) throw new Error(`${target.name} answered with errors: ${JSON.stringify(body.errors).slice(0, 500)}`)
  return body.data
}
