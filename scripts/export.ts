import crypto from 'node:crypto'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { SingleBar, Presets } from 'cli-progress'
import { demoDataset } from '../demo-data'
import { DEFAULT_DEMO_PASSWORD } from '../subgraphs/users/auth/authSettings'
import { DATASETS } from '../subgraphs/exports/formats/exportModel'
import { EXPORTERS, FORMAT_NAMES } from '../subgraphs/exports/formats/exporters'
import { isProfileName, PROFILE_NAMES } from '../subgraphs/exports/deidentify/profiles'
import { runExport } from '../subgraphs/exports/runExport'
import { supergraphClient } from '../subgraphs/exports/read/supergraphClient'

/**
 * npm run export -- --study ONC-3017 --format odm --profile sponsor [--recipient NAME] [--audit]
 *   [--datasets subjects,forms,labs,diaries,alerts] [--out FILE] [--gateway URL]
 *
 * Exports a study through the gateway as the signed-in user (EXPORT_EMAIL, EXPORT_PASSWORD; on the
 * demo system, the study's demo data manager when unset). The supergraph decides what that user
 * may read; the profile decides what leaves: `identified`, or `sponsor` / `regulator`
 * (de-identified, pseudonyms keyed with EXPORT_PSEUDONYM_SECRET and stable per --recipient).
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

async function signIn(gatewayUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }',
      variables: { e: email, p: password },
    }),
  })
  const body = (await response.json()) as {
    data?: { signIn: { accessToken: string } | null }
    errors?: { message: string }[]
  }
  const token = body.data?.signIn?.accessToken
  if (!token)
    throw new Error(
      `Could not sign ${email} in: ${body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`}`,
    )
  return token
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

  let secret = process.env.EXPORT_PSEUDONYM_SECRET ?? null
  if (values.profile !== 'identified' && !secret) {
    secret = crypto.randomBytes(32).toString('hex')
    console.warn(
      'EXPORT_PSEUDONYM_SECRET is not set: pseudonyms of this export are random and will not match any other export.',
    )
  }
  const email = process.env.EXPORT_EMAIL ?? demoDataManager(values.study)
  if (!email) fail('Set EXPORT_EMAIL and EXPORT_PASSWORD to the account that exports.')
  if (!process.env.EXPORT_EMAIL)
    console.warn(
      `Signing in as the demo data manager ${email} (set EXPORT_EMAIL and EXPORT_PASSWORD to use your own account).`,
    )
  const token = await signIn(values.gateway, email, process.env.EXPORT_PASSWORD ?? DEMO_PASSWORD)

  const exporter = EXPORTERS[values.format]!
  const outputPath = path.resolve(
    values.out ?? `${values.study}-${values.profile}-${values.format}.${exporter.extension}`,
  )
  const bar = process.stdout.isTTY
    ? new SingleBar(
        { format: ' subjects [{bar}] {value}/{total}  {mb} MB  eta {eta_formatted}' },
        Presets.shades_classic,
      )
    : null
  let lastLogged = -1
  let barStarted = false
  const started = performance.now()
  const result = await runExport(
    supergraphClient(values.gateway, () => token),
    {
      protocolId: values.study,
      format: values.format,
      profile: values.profile,
      recipient: values.recipient ?? values.profile,
      pseudonymSecret: secret,
      includeAudit: values.audit,
      datasets,
      outputPath,
      onProgress: ({ subjectsDone, subjectsTotal, bytes }) => {
        const mb = (bytes / 1e6).toFixed(1)
        if (bar) {
          if (!barStarted) bar.start(subjectsTotal, 0, { mb })
          barStarted = true
          bar.update(subjectsDone, { mb })
          return
        }
        // Plain lines in logs (CI), each tenth.
        const tenth = subjectsTotal ? Math.floor((subjectsDone / subjectsTotal) * 10) : 10
        if (tenth !== lastLogged) console.log(`subjects ${subjectsDone}/${subjectsTotal}  ${mb} MB`)
        lastLogged = tenth
      },
    },
  )
  bar?.stop()
  const seconds = (performance.now() - started) / 1000
  console.log(
    `Exported ${result.subjects} subjects of ${values.study} (${values.profile}, ${values.format}) in ${seconds.toFixed(1)} s: ${result.outputPath} (${(result.bytes / 1e6).toFixed(2)} MB)`,
  )
}

main().catch((error: unknown) => {
  console.error(`Export failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
