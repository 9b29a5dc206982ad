import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { EXPORTERS } from '../formats/exporters'
import { runExport } from '../runExport'
import { isProfileName } from '../deidentify/profiles'
import { supergraphClient } from '../read/supergraphClient'
import type { ExportJobModel } from '../data/models'
import { jobCredential } from './jobCredential'

/** A run that must stop: its job was taken over, or the process is shutting down. */
export class RunStoppedError extends Error {}
/** A job that cannot succeed however often it is run (an unknown format, a study not readable). */
export class JobRefusedError extends Error {}

export interface JobRunOptions {
  gatewayUrl: string
  usersUrl: string
  authKey: Uint8Array
  storageDir: string
  pseudonymSecret: string
  /** Called after every subject; throws RunStoppedError when the run must stop. */
  onProgress(progress: { subjectsDone: number; subjectsTotal: number; bytes: number }): void
}

export interface CompletedFile {
  /** The name to download it as. */
  fileName: string
  /** Its name in the storage folder (this run's own). */
  storedFile: string
  bytes: number
  sha256: string
  subjects: number
}

/**
 * A run's file in the storage folder: the job's id and the run's (nothing a person typed reaches a
 * path), so two runs of one job — one taken over while it still wrote — never share a file.
 */
export const runFileName = (job: Pick<ExportJobModel, 'id' | 'format'>, runId: string) =>
  `${job.id}.${runId}.${EXPORTERS[job.format]?.extension ?? 'bin'}`

async function sha256Of(file: string): Promise<string> {
  const hash = crypto.createHash('sha256')
  await pipeline(fs.createReadStream(file), hash)
  return hash.digest('hex')
}

/**
 * One run of an export job: reads the study through the gateway with the job's credential (as the
 * requester, read-only, this study only), de-identifies per the profile and writes the file, whole
 * or not at all (runExport writes `.partial` and renames).
 */
export async function runJob(job: ExportJobModel, runId: string, options: JobRunOptions): Promise<CompletedFile> {
  const exporter = EXPORTERS[job.format]
  if (!exporter || !isProfileName(job.profile))
    throw new JobRefusedError(`Unknown export format or profile (${job.format}, ${job.profile}).`)
  const credential = jobCredential(
    { usersUrl: options.usersUrl, authKey: options.authKey },
    { jobId: job.id, userId: job.requestedBy, sessionId: job.sessionId, studyId: job.studyId, profile: job.profile },
  )
  const client = supergraphClient(options.gatewayUrl, credential.token, { onUnauthenticated: credential.invalidate })
  const { study } = await client.query<{ study: { protocolId: string } | null }>(
    'query ExportJobStudy($id: ID!) { study(id: $id) { protocolId } }',
    { id: job.studyId },
  )
  if (!study) throw new JobRefusedError('The study is not visible to the export (it does not exist, or no longer).')
  await fs.promises.mkdir(options.storageDir, { recursive: true })
  const storedFile = runFileName(job, runId)
  const outputPath = path.join(options.storageDir, storedFile)
  const result = await runExport(client, {
    protocolId: study.protocolId,
    format: job.format,
    profile: job.profile,
    recipient: job.recipient,
    pseudonymSecret: options.pseudonymSecret,
    includeAudit: job.includeAudit,
    datasets: job.datasets.length ? job.datasets : null,
    outputPath,
    onProgress: options.onProgress,
  })
  const stamp = new Date().toISOString().slice(0, 10)
  return {
    fileName: `${study.protocolId}-${job.profile}-${stamp}-${job.id.slice(0, 8)}.${exporter.extension}`,
    storedFile,
    bytes: result.bytes,
    sha256: await sha256Of(outputPath),
    subjects: result.subjects,
  }
}
