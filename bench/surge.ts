import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { pgConnectionConfig, resolveDatabaseTarget } from '../subgraph-runtime/database/target'
import { signInForBench, startBenchSupergraph, startExtraGateway } from './lib/benchEnvironment'
import { benchSettings } from './lib/benchSettings'
import { enrolSyntheticPatients, SUBMIT } from './lib/diaryEntries'
import { measureTarget, type Target, type TargetResult } from './lib/measureTarget'
import { FLOOR, OURS, STOCK } from './lib/queryScenario'
import { printTargets, ratiosTo, writeResults } from './lib/report'
import { countLoss } from './lib/submissionLoss'
import { diaryEntryInput } from '../test/support/diaryEntryInput'
import { crcAt } from '../test/support/demoAccounts'

/**
 * npm run bench:surge — the 8 pm peak: diary entries from thousands of distinct patients as fast as
 * they are accepted, straight to epro (the floor: the load generator plays the gateway), through
 * stock @apollo/gateway and through ours; then nothing may be lost: every entry a client was told
 * was recorded has its row, every outbox event is published, and every alert event is stored.
 */
const BASE_PORT = 24200
const { connections, warmupSeconds, durationSeconds } = benchSettings
// Every request must be a first entry: more patients per target than 4,000/s would use up.
const PER_TARGET = Number(process.env.BENCH_SURGE_PATIENTS ?? Math.ceil((warmupSeconds + durationSeconds) * 4000))

async function main() {
  console.log('surge: starting the supergraph on Postgres and Kafka (a copy of the seeded demo dataset)...')
  const bench = await startBenchSupergraph(BASE_PORT)
  const epro = new pg.Client(
    pgConnectionConfig(resolveDatabaseTarget('epro', { subgraphUrl: bench.databaseUrl('epro') }) as never),
  )
  let stock: { stop(): Promise<void> } | undefined
  try {
    await epro.connect()
    const { patientIds, siteId } = await enrolSyntheticPatients(epro, PER_TARGET * 3)
    const gatewayUrl = `http://127.0.0.1:${BASE_PORT}/graphql`
    const crc = await signInForBench(gatewayUrl, crcAt(siteId))
    const secret = bench.processes.authSecret
    const stockGateway = await startExtraGateway('stock-gateway', 'bench/stockGateway.ts', BASE_PORT + 10, {
      ...bench.subgraphUrls,
      SUBGRAPH_AUTH_SECRET: secret,
      BENCH_IDENTITY: JSON.stringify(crc.identity),
    })
    stock = stockGateway
    const idsFile = path.join(os.tmpdir(), `accepted-${process.pid}.txt`)
    // One in ten entries reports pain 9: an alert each, through outbox, Kafka and the alert store.
    const entries = (slice: number) =>
      patientIds
        .slice(slice * PER_TARGET, (slice + 1) * PER_TARGET)
        .map((id, i) => ({ input: diaryEntryInput(id, i % 10 === 0 ? 9 : i % 8) }))
    const graphql = (url: string, slice: number, more: object) => ({
      url,
      query: SUBMIT,
      variables: entries(slice),
      acceptedMarker: '"created":true',
      acceptedIdsFile: idsFile,
      ...more,
    })
    const targets: Target[] = [
      {
        name: FLOOR,
        sql: 'window',
        spec: {
          connections,
          warmupSeconds,
          durationSeconds,
          graphql: graphql(bench.subgraphUrls.EPRO_SUBGRAPH_URL!, 0, { subgraph: 'epro' }),
          assertion: { secret, identity: crc.identity },
        },
      },
      {
        name: STOCK,
        sql: 'window',
        gateway: 'stock-gateway',
        spec: {
          connections,
          warmupSeconds,
          durationSeconds,
          graphql: graphql(`http://127.0.0.1:${BASE_PORT + 10}/`, 1, {}),
        },
      },
      {
        name: OURS,
        sql: 'window',
        gateway: 'gateway',
        spec: {
          connections,
          warmupSeconds,
          durationSeconds,
          graphql: graphql(gatewayUrl, 2, { headers: { authorization: crc.authorization } }),
        },
      },
    ]
    const results: TargetResult[] = []
    const acceptedIds: string[] = []
    for (const target of targets) {
      results.push(await measureTarget('surge', bench, target, { 'stock-gateway': stockGateway.child.pid! }))
      acceptedIds.push(...fs.readFileSync(idsFile, 'utf8').split('\n').filter(Boolean))
    }
    fs.rmSync(idsFile, { force: true })
    console.log('counting rows, outbox events and stored alerts...')
    const loss = await countLoss(epro, patientIds, acceptedIds, results)
    printTargets(results)
    const ratios = ratiosTo(results, { floor: FLOOR, stock: STOCK })
    console.log('zero lost?')
    console.table(loss)
    writeResults('surge', { settings: { ...benchSettings, patientsPerTarget: PER_TARGET }, results, ratios, loss })
  } finally {
    await stock?.stop()
    await epro.end().catch(() => {})
    await bench.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
