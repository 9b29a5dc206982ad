import crypto from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import { once } from 'node:events'
import { createDeidentifier, type StoredSubject } from './deidentify/deidentifier'
import { PROFILES, type ExportProfileName } from './deidentify/profiles'
import { recipientKey } from './deidentify/pseudonym'
import { EXPORTERS } from './formats/exporters'
import type { ExportHeader, StudyMetadata, SubjectRecord } from './formats/exportModel'
import { readStudy } from './read/studyReader'
import type { SupergraphClient } from './read/supergraphClient'

export interface ExportRequest {
  protocolId: string
  format: string
  profile: ExportProfileName
  /** Who receives a de-identified export: pseudonyms and date offsets are stable per recipient. */
  recipient: string
  /** The secret pseudonyms are keyed with (never in the export). */
  pseudonymSecret: string | null
  includeAudit: boolean
  datasets: readonly string[] | null
  /** Written to `<outputPath>.partial`, renamed when complete: a file at `outputPath` is whole. */
  outputPath: string
  onProgress?: (progress: { subjectsDone: number; subjectsTotal: number; bytes: number }) => void
}

export interface ExportResult {
  exportId: string
  subjects: number
  bytes: number
  outputPath: string
}

/** Reads the study through the supergraph, de-identifies per the profile, writes the format. */
export async function runExport(client: SupergraphClient, request: ExportRequest): Promise<ExportResult> {
  if (!EXPORTERS[request.format]) throw new Error(`Unknown export format "${request.format}".`)
  const study = await readStudy(client, request.protocolId)
  const includeAudit = request.includeAudit && PROFILES[request.profile].audit !== 'none'
  return exportSubjects({ ...study, subjects: study.subjects({ includeAudit }) }, request)
}

/** What an export is made of, wherever it was read from (the supergraph; a generated study in the benchmark). */
export interface SubjectSource {
  metadata: StudyMetadata
  subjectsPerSite: ReadonlyMap<string, number>
  subjectCount: number
  subjects: AsyncIterable<StoredSubject>
}

/** De-identifies each subject per the profile and writes the format to `outputPath`, streaming. */
export async function exportSubjects(source: SubjectSource, request: ExportRequest): Promise<ExportResult> {
  const exporter = EXPORTERS[request.format]
  if (!exporter) throw new Error(`Unknown export format "${request.format}".`)
  const profile = PROFILES[request.profile]
  const key = profile.deidentified ? recipientKey(request.pseudonymSecret ?? '', request.recipient) : null
  const deidentifier = createDeidentifier(profile, key)
  const header: ExportHeader = {
    exportId: crypto.randomUUID(),
    createdAt: new Date().toISOString(),
    profile: profile.name,
    deidentified: profile.deidentified,
    includeAudit: request.includeAudit && profile.audit !== 'none',
    datasets: request.datasets,
  }
  const metadata = deidentifier.metadata(source.metadata, source.subjectsPerSite)

  let done = 0
  let bytes = 0
  const report = () => request.onProgress?.({ subjectsDone: done, subjectsTotal: source.subjectCount, bytes })
  async function* subjects(): AsyncGenerator<SubjectRecord> {
    for await (const stored of source.subjects) {
      yield deidentifier.subject(stored)
      done++
      report()
    }
  }

  const partial = `${request.outputPath}.partial`
  const file = fs.createWriteStream(partial)
  try {
    await exporter.write(header, metadata, subjects(), async (chunk) => {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
      if (!file.write(chunk)) await once(file, 'drain')
    })
    file.end()
    await once(file, 'close')
    await fsp.rename(partial, request.outputPath)
  } catch (error) {
    file.destroy()
    await fsp.rm(partial, { force: true })
    throw error
  }
  report()
  return { exportId: header.exportId, subjects: done, bytes, outputPath: request.outputPath }
}
