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
 * as its data manager, rate limits off: what reading through the supergraph costs — with the CLI's
 * code in this process, then as an export job through the API (the exports subgraph), whose time
 * over the CLI's is the job's own cost (queue, credential, progress records, hashing the file).
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
  console.log(
    '\nthrough the gateway: starting the supergraph on Postgres and Kafka (a copy of the seeded demo dataset)...',
  )
  const bench = await startBenchSupergraph(BASE_PORT)
  const rows: Record<
    string,
    { seconds: string; 'subjects/s': string; MB: string; 'job s': string; 'job/CLI': string }
  > = {}
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
      const job = await exportJob(gatewayUrl, authorization, study.id, t)
      rows[t.name] = {
        seconds: seconds.toFixed(1),
        'subjects/s': (result.subjects / seconds).toFixed(0),
        MB: (result.bytes / 1e6).toFixed(1),
        'job s': job.seconds.toFixed(1),
        'job/CLI': (job.seconds / seconds).toFixed(2),
      }
      console.log(
        `${t.name}: ${result.subjects} subjects in ${seconds.toFixed(1)} s; as an export job ${job.seconds.toFixed(1)} s`,
      )
    }
  } finally {
    await bench.stop()
  }
  console.log('ONC-3017 (400 subjects) through the gateway')
  console.table(rows)
  return rows
}

/**
 * The same export as a job through the API (startExport, then exportJob until it ends): from the
 * request to the completed file, queueing, the job's read credential and its bookkeeping included.
 */
async function exportJob(
  gatewayUrl: string,
  authorization: string,
  studyId: string,
  t: (typeof TARGETS)[number],
): Promise<{ seconds: number }> {
  const post = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query, variables }),
    })
    const body = (await response.json()) as {
      data?: Record<string, { id: string; status: string; error: string | null }>
    }
    if (!body.data) throw new Error(`export job: ${JSON.stringify(body)}`)
    return body.data
  }
  const started = performance.now()
  const input = { studyId, format: t.format.toUpperCase(), profile: t.profile.toUpperCase(), includeAudit: t.audit }
  const { startExport } = await post(
    'mutation($input: StartExportInput!) { startExport(input: $input) { id status error } }',
    { input },
  )
  for (let job = startExport!; ;) {
    if (job.status === 'COMPLETED') return { seconds: (performance.now() - started) / 1000 }
    if (job.status !== 'QUEUED' && job.status !== 'RUNNING') throw new Error(`export job ${job.status}: ${job.error}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
    job = (await post('query($id: ID!) { exportJob(id: $id) { id status error } }', { id: job.id })).exportJob!
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
