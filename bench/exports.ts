import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { FORMS_PER_SUBJECT } from './lib/generatedStudy'
import { writeResults } from './lib/report'
import { signInForBench, startBenchSupergraph } from './lib/benchEnvironment'
import { runExport } from '../subgraphs/exports/runExport'
import { supergraphClient } from '../subgraphs/exports/read/supergraphClient'
import { dataManagerOf } from '../test/support/demoAccounts'
import { demoDataset } from '../demo-data'

/**
 * npm run bench:export — exporting a generated study of 1,000 and 10,000 subjects × 30 forms
 * (BENCH_EXPORT_SIZES to change) in every format under the sponsor profile (de-identification
 * included), and ODM identified with an audit record per value, each in a process of its own:
 * subjects, rows and values per second, output size and peak RSS. The baseline in the same run
 * (`floor`) writes the same records as plain JSON lines. Memory should not grow with the study:
 * the table prints each target's peak RSS at the largest size over the smallest.
 *
 * Reading is not in those numbers (the records are generated in the process). The second part
 * exports the demo study (ONC-3017, 400 subjects) through a real gateway and subgraphs on Postgres,
 * as its data manager, rate limits off: what reading through the supergraph costs.
 */
const BASE_PORT = 24800
const SIZES = (process.env.BENCH_EXPORT_SIZES ?? '1000,10000').split(',').map(Number)
const TARGETS = [
  { name: 'floor (JSON lines)', format: 'floor', profile: 'identified', audit: false },
  { name: 'odm sponsor', format: 'odm', profile: 'sponsor', audit: false },
  { name: 'odm identified + audit', format: 'odm', profile: 'identified', audit: true },
  { name: 'csv sponsor', format: 'csv', profile: 'sponsor', audit: false },
  { name: 'json sponsor', format: 'json', profile: 'sponsor', audit: false },
  { name: 'fhir sponsor', format: 'fhir', profile: 'sponsor', audit: false },
] as const

interface Run {
  seconds: number
  bytes: number
  peakRssMiB: number
  subjects: number
  rows: number
  values: number
}

function runWorker(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'lib/exportWorker.ts'), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!) as Run)
        : reject(new Error(`export worker ${args.join(' ')} exited ${code}`)),
    )
  })
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-export-'))
  const results: (Run & { target: string; size: number })[] = []
  try {
    for (const size of SIZES) {
      for (const t of TARGETS) {
        process.stdout.write(`${size} subjects × ${FORMS_PER_SUBJECT} forms: ${t.name}... `)
        const file = path.join(dir, `${t.format}-${size}`)
        const run = await runWorker([t.format, String(size), t.profile, t.audit ? '1' : '0', file])
        fs.rmSync(file, { force: true })
        console.log(
          `${run.seconds.toFixed(1)} s, ${(run.bytes / 1e6).toFixed(0)} MB, peak RSS ${run.peakRssMiB.toFixed(0)} MiB`,
        )
        results.push({ ...run, target: t.name, size })
      }
    }
    const floorAt = (size: number) => results.find((r) => r.size === size && r.target === TARGETS[0].name)!
    const table = Object.fromEntries(
      results.map((r) => [
        `${r.target} @${r.size}`,
        {
          seconds: r.seconds.toFixed(1),
          'subjects/s': (r.subjects / r.seconds).toFixed(0),
          'rows/s': (r.rows / r.seconds).toFixed(0),
          'values/s': (r.values / r.seconds).toFixed(0),
          MB: (r.bytes / 1e6).toFixed(0),
          'peak RSS MiB': r.peakRssMiB.toFixed(0),
          'time × floor': (r.seconds / floorAt(r.size).seconds).toFixed(2),
        },
      ]),
    )
    console.table(table)
    const [small, large] = [Math.min(...SIZES), Math.max(...SIZES)]
    const growth = Object.fromEntries(
      TARGETS.map((t) => {
        const at = (size: number) => results.find((r) => r.size === size && r.target === t.name)!.peakRssMiB
        return [
          t.name,
          {
            [`RSS @${small} MiB`]: at(small).toFixed(0),
            [`RSS @${large} MiB`]: at(large).toFixed(0),
            ratio: (at(large) / at(small)).toFixed(2),
          },
        ]
      }),
    )
    console.log(`peak RSS, ${large} subjects over ${small}`)
    console.table(growth)
    const throughGateway = await exportThroughGateway(dir)
    writeResults('export', {
      formsPerSubject: FORMS_PER_SUBJECT,
      sizes: SIZES,
      results,
      ratios: { timeToFloor: table, rssGrowth: growth },
      throughGateway,
    })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** The demo study through the real supergraph: subjects per second read and written, per format. */
async function exportThroughGateway(dir: string) {
  console.log('\nthrough the gateway: starting the supergraph on Postgres and Kafka (seeding the demo dataset)...')
  const bench = await startBenchSupergraph(BASE_PORT)
  const rows: Record<string, { seconds: string; 'subjects/s': string; MB: string }> = {}
  try {
    const gatewayUrl = `http://127.0.0.1:${BASE_PORT}/graphql`
    const study = demoDataset().studies.studies.find((s) => s.protocolId === 'ONC-3017')!
    const { authorization } = await signInForBench(gatewayUrl, dataManagerOf(study.id))
    const client = supergraphClient(gatewayUrl, () => authorization.replace(/^Bearer /, ''))
    for (const t of TARGETS.slice(1)) {
      const outputPath = path.join(dir, `gateway-${t.format}`)
      const started = performance.now()
      const result = await runExport(client, {
        protocolId: study.protocolId,
        format: t.format,
        profile: t.profile,
        recipient: 'bench',
        pseudonymSecret: 'bench-secret-of-at-least-32-characters!',
        includeAudit: t.audit,
        datasets: null,
        outputPath,
      })
      const seconds = (performance.now() - started) / 1000
      fs.rmSync(outputPath, { force: true })
      rows[t.name] = {
        seconds: seconds.toFixed(1),
        'subjects/s': (result.subjects / seconds).toFixed(0),
        MB: (result.bytes / 1e6).toFixed(1),
      }
      console.log(`${t.name}: ${result.subjects} subjects in ${seconds.toFixed(1)} s`)
    }
  } finally {
    await bench.stop()
  }
  console.log('ONC-3017 (400 subjects) through the gateway')
  console.table(rows)
  return rows
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
