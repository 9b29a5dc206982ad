import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import WebSocket from 'ws'
import { createClient, type Client } from 'graphql-ws'
import { demoDataset } from '../demo-data'
import { pgConnectionConfig, resolveDatabaseTarget } from '../server-kit/database/target'
import { loadGateway, signInForBench, startBenchSupergraph, type BenchSupergraph, type LoadResult } from './lib/benchEnvironment'
import { GATEWAY_ASSERTION_HEADER, assertionKey, signGatewayAssertion } from '../server-kit/auth/gatewayAssertion'
import { cpuTimeMs, peakRssMiB } from './lib/processStats'

/**
 * npm run bench:alerts — the live alert path and the diary write path, on Postgres and Kafka:
 *  1. alert latency: BENCH_SUBSCRIBERS CRC screens (graphql-ws, one connection each) on the
 *     gateway while pain-9 entries arrive at BENCH_ALERT_RATE per second; latency from the
 *     submission's HTTP response to each screen's frame, p50/p99, gateway CPU and RSS;
 *  2. ePRO surge: diary entries from thousands of distinct patients as fast as they are accepted
 *     (autocannon, separate process), through the gateway and, as the floor, straight to epro;
 *     then rows, outbox events and stored alerts are counted: nothing accepted may be missing.
 * Prints a table and writes JSON to bench/results/.
 */
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000)
const ALERT_RATE = Number(process.env.BENCH_ALERT_RATE ?? 5)
const ALERT_SECONDS = Number(process.env.BENCH_ALERT_SECONDS ?? 20)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3)
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 15)
const BASE_PORT = 25000
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
const SUBMIT = fs.readFileSync(path.join(__dirname, '..', 'schema', 'operations', 'SubmitEproEntry.graphql'), 'utf8')
const FEED = `subscription($s: [ID!]!) { adverseEventAlerts(siteIds: $s) { id submission { id } patient { subjectNumber site { name } assignedCrc { displayName } } } }`
/** A CRC of the site (demo account): who enters diaries there. */
function crcEmailAt(siteId: string): string {
  const { users, roleAssignments } = demoDataset().users
  return users.find((u) => u.id === roleAssignments.find((r) => r.role === 'CRC' && r.siteId === siteId)!.userId)!.email
}
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN
const entry = (patientId: string, painScore: number) => ({ input: { submissionId: crypto.randomUUID(), patientId, entryDate: yesterday, painScore, symptoms: [], deviceTimestamp: new Date(Date.now() - 60_000).toISOString() } })

async function alertLatency(supergraph: BenchSupergraph) {
  const data = demoDataset()
  const site = data.studies.sites[0]!
  const patients = data.patients.patients.filter((p) => p.siteId === site.id && p.enrollmentStatus === 'ENROLLED')
  const gatewayUrl = `http://127.0.0.1:${BASE_PORT}/graphql`
  // CRC screens of ONC-3017 site 101 (the study's data manager's token), entries by the site's CRC.
  const watcher = await signInForBench(gatewayUrl, 'ingrid.nilsson@northbridge-cro.example')
  const crc = await signInForBench(gatewayUrl, crcEmailAt(site.id))
  const accepted = new Map<string, number>()
  const latencies: number[] = []
  const clients: Client[] = []
  process.stdout.write(`connecting ${SUBSCRIBERS} subscribers`)
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const client = createClient({ url: gatewayUrl.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: watcher.authorization } })
    client.subscribe({ query: FEED, variables: { s: [site.id] } }, {
      next: (frame) => {
        const at = performance.now()
        const sent = accepted.get((frame.data as any)?.adverseEventAlerts?.submission?.id)
        if (sent !== undefined) latencies.push(at - sent)
      },
      error: () => {},
      complete: () => {},
    })
    clients.push(client)
    if (i % 100 === 99) process.stdout.write('.')
  }
  await new Promise((resolve) => setTimeout(resolve, 3000))
  console.log(' open')
  const gatewayPid = supergraph.processes.gateway.child.pid!
  const cpuBefore = cpuTimeMs(gatewayPid)
  const total = Math.min(patients.length, ALERT_RATE * ALERT_SECONDS)
  let alerts = 0
  console.log(`submitting ${total} pain-9 entries at ${ALERT_RATE}/s...`)
  for (let i = 0; i < total; i++) {
    const started = performance.now()
    const variables = entry(patients[i]!.id, 9)
    const response = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: crc.authorization }, body: JSON.stringify({ query: SUBMIT, variables }) })
    const body = (await response.json()) as { data?: { submitEproEntry?: { created: boolean; safetySignals: unknown[] } } }
    if (body.data?.submitEproEntry?.created) {
      accepted.set(variables.input.submissionId, performance.now())
      alerts += body.data.submitEproEntry.safetySignals.length // pain 9: severe pain, and a rise over baseline where one is on file
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 / ALERT_RATE - (performance.now() - started))))
  }
  const expectedFrames = alerts * SUBSCRIBERS
  for (const end = Date.now() + 30_000; latencies.length < expectedFrames && Date.now() < end; ) await new Promise((resolve) => setTimeout(resolve, 200))
  const cpuMs = cpuTimeMs(gatewayPid) - cpuBefore
  await Promise.all(clients.map((c) => c.dispose()))
  latencies.sort((a, b) => a - b)
  return { subscribers: SUBSCRIBERS, entries: accepted.size, alerts, frames: latencies.length, expectedFrames, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) ?? NaN, gatewayCpuMsPerFrame: cpuMs / Math.max(1, latencies.length), gatewayPeakRssMiB: peakRssMiB(gatewayPid) }
}

/**
 * Synthetic diary enrollments (epro's own tables: the subject registry and the diary) so thousands
 * of distinct patients can each send one entry; all at one site, entered by its CRC.
 */
async function enrolSyntheticPatients(epro: pg.Client, count: number): Promise<{ patientIds: string[]; siteId: string }> {
  const { rows } = await epro.query(`SELECT e.questionnaire_id, e.study_id, e.site_id FROM diary_enrollment e JOIN questionnaire q ON q.id = e.questionnaire_id WHERE q.frequency = 'DAILY' LIMIT 1`)
  const template = rows[0] as { questionnaire_id: string; study_id: string; site_id: string }
  const ids = Array.from({ length: count }, () => crypto.randomUUID())
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000)
    await epro.query(`INSERT INTO subject (patient_id, study_id, site_id) SELECT p, $2, $3 FROM unnest($1::uuid[]) p`, [chunk, template.study_id, template.site_id])
    await epro.query(`INSERT INTO diary_enrollment (id, patient_id, questionnaire_id, study_id, site_id, start_date, time_zone) SELECT gen_random_uuid(), p, $2, $3, $4, DATE '2026-11-01', 'UTC' FROM unnest($1::uuid[]) p`, [chunk, template.questionnaire_id, template.study_id, template.site_id])
    const done = Math.min(i + 1000, count)
    if (process.stdout.isTTY) process.stdout.write(`\renrolling synthetic diary patients: ${done}/${count}${done === count ? '\n' : ''}`)
    else if (done % 20_000 === 0 || done === count) console.log(`enrolling synthetic diary patients: ${done}/${count}`)
  }
  return { patientIds: ids, siteId: template.site_id }
}

async function surge(supergraph: BenchSupergraph, epro: pg.Client) {
  const perTarget = 40_000 // more than a 2-core machine accepts in the window, so every request is a first entry
  const { patientIds, siteId } = await enrolSyntheticPatients(epro, perTarget * 2)
  const crc = await signInForBench(`http://127.0.0.1:${BASE_PORT}/graphql`, crcEmailAt(siteId))
  // Straight to epro, the load generator plays the gateway: one assertion (valid 60 s) for the CRC.
  const asGateway = { [GATEWAY_ASSERTION_HEADER]: await signGatewayAssertion(assertionKey(supergraph.processes.authSecret), 'epro', crc.identity) }
  const targets = [
    { name: 'straight to epro (floor)', url: supergraph.subgraphUrls.EPRO_SUBGRAPH_URL!, pid: supergraph.processes.subgraphs.epro.child.pid!, patients: patientIds.slice(0, perTarget), headers: asGateway },
    { name: 'through our gateway', url: `http://127.0.0.1:${BASE_PORT}/graphql`, pid: supergraph.processes.gateway.child.pid!, patients: patientIds.slice(perTarget), headers: { authorization: crc.authorization } },
  ]
  const results: (LoadResult & { name: string })[] = []
  const idsFile = path.join(os.tmpdir(), `accepted-${process.pid}.txt`)
  const acceptedIds: string[] = []
  for (const target of targets) {
    console.log(`ePRO surge ${target.name}: ${CONNECTIONS} connections, ${WARMUP_SECONDS}+${DURATION_SECONDS} s...`)
    // One in ten entries reports pain 9: an alert each, through outbox, Kafka and the alert store.
    const variables = target.patients.map((id, i) => entry(id, i % 10 === 0 ? 9 : i % 8))
    results.push({ name: target.name, ...(await loadGateway(target.pid, { url: target.url, query: SUBMIT, variables, connections: CONNECTIONS, warmupSeconds: WARMUP_SECONDS, durationSeconds: DURATION_SECONDS, acceptedMarker: '"created":true', acceptedIdsFile: idsFile, headers: target.headers })) })
    acceptedIds.push(...fs.readFileSync(idsFile, 'utf8').split('\n').filter(Boolean))
  }
  fs.rmSync(idsFile, { force: true })
  // Nothing lost: every accepted entry has its row; every alert event is published and stored once.
  const accepted = results.reduce((n, r) => n + r.accepted, 0)
  const count = async (sql: string) => Number((await epro.query(sql, [patientIds])).rows[0].n)
  let pending = Infinity
  for (const end = Date.now() + 120_000; pending > 0 && Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 500))) pending = await count(`SELECT count(*) AS n FROM outbox_event WHERE published_at IS NULL AND key = ANY($1::text[])`)
  const rows = await count(`SELECT count(*) AS n FROM epro_submission WHERE patient_id = ANY($1::uuid[])`)
  // Every submission a client was told was recorded is there (rows may exceed them by requests in flight when the window closed).
  const acceptedFound = Number((await epro.query(`SELECT count(*) AS n FROM epro_submission WHERE id = ANY($1::uuid[])`, [acceptedIds])).rows[0].n)
  const events = await count(`SELECT count(*) AS n FROM outbox_event WHERE key = ANY($1::text[])`)
  let alerts = 0
  for (const end = Date.now() + 60_000; alerts < events && Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 500))) alerts = await count(`SELECT count(*) AS n FROM adverse_event_alert WHERE patient_id = ANY($1::uuid[])`)
  return { targets: results, accepted, rows, outboxEvents: events, unpublished: pending, alertsStored: alerts, acceptedIds: acceptedIds.length, acceptedFound, lost: acceptedIds.length - acceptedFound + (events - alerts) }
}

async function main() {
  console.log('starting the supergraph on Postgres and Kafka (seeding the demo dataset)...')
  const supergraph = await startBenchSupergraph(BASE_PORT)
  const epro = new pg.Client(pgConnectionConfig(resolveDatabaseTarget('epro', { subgraphUrl: supergraph.databaseUrl('epro') }) as never))
  try {
    await epro.connect()
    const latency = await alertLatency(supergraph)
    console.log(`alert latency at ${latency.subscribers} subscribers: p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms (${latency.frames}/${latency.expectedFrames} frames)`)
    const load = await surge(supergraph, epro)
    const [floor, ours] = load.targets
    const f = (n: number, d = 1) => n.toFixed(d)
    console.log(`\nalert latency, submission accepted → frame at ${latency.subscribers} subscribers (${latency.entries} entries, ${latency.alerts} alerts, ${latency.frames}/${latency.expectedFrames} frames):`)
    console.log(`  p50 ${f(latency.p50, 0)} ms   p99 ${f(latency.p99, 0)} ms   max ${f(latency.max, 0)} ms   gateway CPU ${f(latency.gatewayCpuMsPerFrame, 3)} ms/frame   gateway peak RSS ${f(latency.gatewayPeakRssMiB, 0)} MiB`)
    console.log(`\nePRO surge (${CONNECTIONS} connections, ${DURATION_SECONDS} s):`)
    console.log('  target                     accepted/s    p50     p99   errors  CPU ms/req')
    for (const t of load.targets) console.log(`  ${t.name.padEnd(26)} ${f(t.rps).padStart(10)} ${f(t.latency.p50).padStart(6)} ${f(t.latency.p99).padStart(7)} ${String(t.errors + t.non2xx + t.graphqlErrors).padStart(8)} ${f(t.gatewayCpuMsPerRequest, 2).padStart(10)}`)
    console.log(`  gateway / floor: throughput ×${f(ours!.rps / floor!.rps, 2)}, p50 ×${f(ours!.latency.p50 / floor!.latency.p50, 2)}`)
    console.log(`  accepted ${load.accepted} (ids checked ${load.acceptedIds}, found ${load.acceptedFound}), rows ${load.rows}, outbox events ${load.outboxEvents} (unpublished ${load.unpublished}), alerts stored ${load.alertsStored} → lost ${load.lost}`)
    const out = path.join(__dirname, 'results', `alerts-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
    fs.mkdirSync(path.dirname(out), { recursive: true })
    fs.writeFileSync(out, JSON.stringify({ latency, load }, null, 2))
    console.log(`\nwritten to ${path.relative(process.cwd(), out)}`)
  } finally {
    await epro.end().catch(() => {})
    await supergraph.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
