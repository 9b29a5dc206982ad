import path from 'node:path'
import { parseArgs } from 'node:util'
import { SingleBar, Presets } from 'cli-progress'
import { demoDataset } from '../demo-data'
import { DEFAULT_DEMO_PASSWORD } from '../subgraphs/users/auth/authSettings'
import { DATASETS } from '../subgraphs/exports/formats/exportModel'
import { EXPORTERS, FORMAT_NAMES } from '../subgraphs/exports/formats/exporters'
import { isProfileName, PROFILE_NAMES } from '../subgraphs/exports/deidentify/profiles'
import { exportJobClient, type JobStatus } from './export/exportJobClient'

/**
 * npm run export -- --study ONC-3017 --format odm --profile sponsor [--recipient NAME] [--audit]
 *   [--datasets subjects,forms,labs,diaries,alerts] [--out FILE] [--gateway URL]
 *
 * Exports a study as an export job through the API (docs/exports.md) as the signed-in user
 * (EXPORT_EMAIL, EXPORT_PASSWORD; on the demo system, the study's demo data manager when unset): the
 * exports service decides whether that user may export with that profile, runs the job, audits it;
 * this command follows its progress and downloads the file, checking its SHA-256.
 */
const USAGE = `Usage: npm run export -- --study <protocol id> --format <${FORMAT_NAMES.join('|')}> --profile <${PROFILE_NAMES.join('|')}>
       [--recipient <name>] [--audit] [--datasets <${DATASETS.join(',')}>] [--out <file>] [--gateway <url>]`

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`)
  process.exit(2)
}

const DEMO_PASSWORD = DEFAULT_DEMO_PASSWORD

function demoDataManager(protocolId: string): string | null {
  const data = demoDataset()
  const study = data.studies.studies.find((s) => s.protocolId === protocolId)
  const grant = data.users.roleAssignments.find(
    (r) => r.role === 'DATA_MANAGER' && r.studyId === study?.id && r.siteId === null && !r.revokedAt,
  )
  return data.users.users.find((u) => u.id === grant?.userId)?.email ?? null
}

async function main() {
  const { values } = parseArgs({
    options: {
      study: { type: 'string' },
      format: { type: 'string' },
      profile: { type: 'string' },
      recipient: { type: 'string' },
      audit: { type: 'boolean', default: false },
      datasets: { type: 'string' },
      out: { type: 'string' },
      gateway: { type: 'string', default: process.env.GATEWAY_URL ?? 'http://localhost:4000/graphql' },
    },
  })
  if (!values.study) fail('--study is required.')
  if (!values.format || !EXPORTERS[values.format]) fail(`--format must be one of ${FORMAT_NAMES.join(', ')}.`)
  if (!values.profile || !isProfileName(values.profile)) fail(`--profile must be one of ${PROFILE_NAMES.join(', ')}.`)
  const datasets = values.datasets?.split(',').map((d) => d.trim()) ?? null
  const unknown = datasets?.filter((d) => !(DATASETS as readonly string[]).includes(d)) ?? []
  if (unknown.length) fail(`Unknown dataset(s): ${unknown.join(', ')}.`)

  const email = process.env.EXPORT_EMAIL ?? demoDataManager(values.study)
  if (!email) fail('Set EXPORT_EMAIL and EXPORT_PASSWORD to the account that exports.')
  if (!process.env.EXPORT_EMAIL)
    console.warn(
      `Signing in as the demo data manager ${email} (set EXPORT_EMAIL and EXPORT_PASSWORD to use your own account).`,
    )
  const api = exportJobClient(values.gateway, { email, password: process.env.EXPORT_PASSWORD ?? DEMO_PASSWORD })
  const outputPath = path.resolve(
    values.out ?? `${values.study}-${values.profile}-${values.format}.${EXPORTERS[values.format]!.extension}`,
  )
  const started = performance.now()
  const queued = await api.start({
    studyId: await api.studyId(values.study),
    format: values.format.toUpperCase(),
    profile: values.profile.toUpperCase(),
    includeAudit: values.audit,
    ...(datasets ? { datasets: datasets.map((d) => d.toUpperCase()) } : {}),
    ...(values.recipient ? { recipient: values.recipient } : {}),
  })
  console.log(`Export job ${queued.id} queued.`)
  const bar = process.stdout.isTTY
    ? new SingleBar(
        { format: ' subjects [{bar}] {value}/{total}  {mb} MB  eta {eta_formatted}' },
        Presets.shades_classic,
      )
    : null
  let lastLogged = -1
  const job = await api.follow(queued, (j: JobStatus) => {
    if (!j.subjectsTotal) return
    const mb = (j.bytes / 1e6).toFixed(1)
    if (bar) {
      if (lastLogged < 0) bar.start(j.subjectsTotal, 0, { mb })
      lastLogged = 0
      bar.update(j.subjectsDone, { mb })
      return
    }
    // Plain lines in logs (CI), each tenth.
    const tenth = Math.floor((j.subjectsDone / j.subjectsTotal) * 10)
    if (tenth !== lastLogged) console.log(`subjects ${j.subjectsDone}/${j.subjectsTotal}  ${mb} MB`)
    lastLogged = tenth
  })
  bar?.stop()
  if (job.status === 'CANCELLED') throw new Error(`export job ${job.id} was cancelled`)
  if (job.status !== 'COMPLETED') throw new Error(job.error ?? 'the export job failed')
  await api.download(job, outputPath)
  const seconds = (performance.now() - started) / 1000
  console.log(
    `Exported ${job.subjectsDone} subjects of ${values.study} (${values.profile}, ${values.format}) in ${seconds.toFixed(1)} s: ${outputPath} (${(job.bytes / 1e6).toFixed(2)} MB, SHA-256 ${job.sha256})`,
  )
}

main().catch((error: unknown) => {
  console.error(`Export failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
