import { percentile } from './lib/percentiles'
import { demoDataset } from '../demo-data'
import { SUBGRAPHS } from '../scripts/run/supergraphProcesses'
import { openSubscribers } from './lib/alertSubscribers'
import { signInForBench, startBenchSupergraph, type BenchSupergraph } from './lib/benchEnvironment'
import { SUBMIT } from './lib/diaryEntries'
import { watchProcesses } from './lib/processStats'
import { startWindowProfile } from './lib/profiler'
import { writeResults } from './lib/report'
import { sqlBetween, sqlSnapshot } from './lib/sqlPerRequest'
import { scrapeHistogram, summarizeBetween } from './lib/stageHistograms'
import { diaryEntryInput } from '../test/support/diaryEntryInput'
import { eventually } from '../test/support/eventually'
import { crcAt } from '../test/support/demoAccounts'

/**
 * npm run bench:alerts — alert fan-out: for each N in BENCH_SUBSCRIBERS (1000,10000), N CRC screens
 * (graphql-ws, one connection each, spread over several client processes) on the gateway while
 * pain-9 entries arrive at BENCH_ALERT_RATE per second; the latency from each submission's accepted
 * response to each screen's frame (p50/p99), gateway CPU per frame and peak RSS. Every level uses
 * another site (its own patients and CRC), so every entry is a first entry.
 * No baselines: stock @apollo/gateway has no subscriptions, and no subgraph serves them.
 */
const LEVELS = (process.env.BENCH_SUBSCRIBERS ?? '1000,10000').split(',').map(Number)
const ALERT_RATE = Number(process.env.BENCH_ALERT_RATE ?? 5)
const ALERT_SECONDS = Number(process.env.BENCH_ALERT_SECONDS ?? 12)
const WARMUP_ENTRIES = 15
const BASE_PORT = 24300
const FEED = `subscription($s: [ID!]!) { adverseEventAlerts(siteIds: $s) { id submission { id } patient { subjectNumber site { name } assignedCrc { displayName } } } }`
const now = () => performance.timeOrigin + performance.now()

async function fanOut(
  bench: BenchSupergraph,
  subscribers: number,
  level: number,
  entries = ALERT_RATE * ALERT_SECONDS,
) {
  const data = demoDataset()
  const site = data.studies.sites[level % data.studies.sites.length]!
  const patients = data.patients.patients.filter((p) => p.siteId === site.id && p.enrollmentStatus === 'ENROLLED')
  const gatewayUrl = `http://127.0.0.1:${BASE_PORT}/graphql`
  const crc = await signInForBench(gatewayUrl, crcAt(site.id))
  const gateway = watchProcesses({ gateway: bench.processes.gateway.child.pid! })
  console.log(`\n${subscribers} subscribers on site ${site.name}`)
  const screens = await openSubscribers(
    {
      url: gatewayUrl.replace('http', 'ws'),
      authorization: crc.authorization,
      query: FEED,
      variables: { s: [site.id] },
    },
    subscribers,
  )
  const rssConnected = watchProcesses({ gateway: bench.processes.gateway.child.pid! }).stop().peakRssMiB.gateway!
  await new Promise((resolve) => setTimeout(resolve, 1000))
  gateway.startCpu()
  const sqlBefore = sqlSnapshot(bench)
  // Where the time goes inside the servers, from their own histograms (see stageHistograms).
  const eproUrl = bench.processes.subgraphs.epro.spec.baseUrl
  const gatewayBase = bench.processes.gateway.spec.baseUrl
  const stages = async () => ({
    pipeline: await scrapeHistogram(eproUrl, 'epro_alert_pipeline_seconds'),
    completion: await scrapeHistogram(gatewayBase, 'gateway_subscription_event_completion_seconds'),
    fetches: await scrapeHistogram(gatewayBase, 'gateway_subgraph_fetch_duration_seconds'),
  })
  const stagesBefore = await stages()
  const profile = await startWindowProfile(`alerts-${subscribers}`, ['gateway', ...SUBGRAPHS])
  const accepted: Record<string, number> = {}
  let alerts = 0
  const total = Math.min(patients.length, entries)
  console.log(`  submitting ${total} pain-9 entries at ${ALERT_RATE}/s...`)
  for (let i = 0; i < total; i++) {
    const started = performance.now()
    const variables = { input: diaryEntryInput(patients[i]!.id, 9) }
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: crc.authorization },
      body: JSON.stringify({ query: SUBMIT, variables }),
    })
    const body = (await response.json()) as {
      data?: { submitEproEntry?: { created: boolean; safetySignals: unknown[] } }
    }
    if (body.data?.submitEproEntry?.created) {
      accepted[variables.input.submissionId] = now()
      alerts += body.data.submitEproEntry.safetySignals.length // severe pain, and a rise over baseline where one is on file
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 / ALERT_RATE - (performance.now() - started))))
  }
  const expectedFrames = alerts * subscribers
  await eventually(screens.framesSoFar, (n) => n >= expectedFrames, 30_000)
  const profileFiles = (await profile?.stop()) ?? []
  const stagesAfter = await stages()
  // The gateway's fetches in the window are the events' completions (and the submissions' own).
  const fetches = Object.entries(summarizeBetween(stagesBefore.fetches, stagesAfter.fetches)).filter(
    ([, summary]) => summary.count > 0,
  )
  const pipeline = {
    ...summarizeBetween(stagesBefore.pipeline, stagesAfter.pipeline),
    'gateway: event completed': summarizeBetween(stagesBefore.completion, stagesAfter.completion).all!,
    ...Object.fromEntries(fetches.map(([series, summary]) => [`gateway fetch: ${series}`, summary])),
  }
  const { peakRssMiB, cpuMs } = gateway.stop()
  const sql = sqlBetween(
    sqlBefore,
    sqlSnapshot(bench),
    Math.max(1, Object.keys(accepted).length),
    'per accepted entry, over the submission phase',
  )
  const { latencies, spreads, frames, errors, processesLost } = await screens.finish(accepted)
  return {
    subscribers,
    entries: Object.keys(accepted).length,
    alerts,
    frames,
    expectedFrames,
    subscriberErrors: errors,
    subscriberProcessesLost: processesLost,
    latency: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) ?? NaN },
    fanOutSpread: { p50: percentile(spreads, 0.5), p99: percentile(spreads, 0.99) },
    pipeline,
    gatewayCpuMsPerFrame: cpuMs.gateway! / Math.max(1, frames),
    gatewayRssWithSubscribersMiB: rssConnected,
    gatewayPeakRssMiB: peakRssMiB.gateway!,
    sql,
    profileFiles,
  }
}

async function main() {
  console.log('alerts: starting the supergraph on Postgres and Kafka (a copy of the seeded demo dataset)...')
  const bench = await startBenchSupergraph(BASE_PORT)
  try {
    // Warm-up, not reported: the first alerts after start-up pay for JIT compilation, the consumer's
    // first fetches and new connections. On the last site, which the levels do not use.
    console.log(`\nwarm-up: ${WARMUP_ENTRIES} entries, 1 subscriber`)
    await fanOut(bench, 1, demoDataset().studies.sites.length - 1, WARMUP_ENTRIES)
    const levels = []
    for (const [i, subscribers] of LEVELS.entries()) levels.push(await fanOut(bench, subscribers, i))
    const f = (n: number, d = 0) => (Number.isNaN(n) ? '—' : n.toFixed(d))
    console.log('\nalert fan-out: submission accepted → frame received')
    console.table(
      Object.fromEntries(
        levels.map((l) => [
          `${l.subscribers} subscribers`,
          {
            entries: l.entries,
            alerts: l.alerts,
            frames: `${l.frames}/${l.expectedFrames}`,
            'p50 ms': f(l.latency.p50, 1),
            'p99 ms': f(l.latency.p99, 1),
            'fan-out spread p50/p99 ms': `${f(l.fanOutSpread.p50, 1)}/${f(l.fanOutSpread.p99, 1)}`,
            'max ms': f(l.latency.max, 1),
            'gateway CPU ms/frame': f(l.gatewayCpuMsPerFrame, 3),
            'gateway RSS connected MiB': f(l.gatewayRssWithSubscribersMiB),
            'gateway peak RSS MiB': f(l.gatewayPeakRssMiB),
            'SQL/entry (epro)': f(l.sql.perSubgraph.epro!.total, 1),
            'subscriber errors': l.subscriberErrors,
            'client processes lost': l.subscriberProcessesLost,
          },
        ]),
      ),
    )
    for (const l of levels) {
      console.log(
        `\n${l.subscribers} subscribers: where an alert's time goes (ms since the diary entry reached epro; the gateway's since the event reached it; from the servers' histograms)`,
      )
      console.table(
        Object.fromEntries(
          Object.entries(l.pipeline).map(([stage, s]) => [
            stage,
            { events: s.count, 'p50 ms': f(s.p50Ms, 1), 'p99 ms': f(s.p99Ms, 1) },
          ]),
        ),
      )
    }
    writeResults('alerts', { settings: { levels: LEVELS, alertRate: ALERT_RATE, alertSeconds: ALERT_SECONDS }, levels })
  } finally {
    await bench.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
