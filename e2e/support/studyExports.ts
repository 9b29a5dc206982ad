import path from 'node:path'
import { exportSubjects, runExport, type ExportRequest, type SubjectSource } from '../../subgraphs/exports/runExport'
import { readStudy } from '../../subgraphs/exports/read/studyReader'
import { supergraphClient } from '../../subgraphs/exports/read/supergraphClient'
import type { StoredSubject } from '../../subgraphs/exports/deidentify/deidentifier'
import { PROFILES, type ExportProfileName } from '../../subgraphs/exports/deidentify/profiles'
import { DEFAULT_E2E_ACCOUNT, type SupergraphUnderTest } from './supergraphUnderTest'

/**
 * Exports of one study through the real gateway as the default e2e account (its data manager),
 * written into the suite's folder (e2e/dataExport.test.ts). `suite` gives the running supergraph
 * and the folder once beforeAll has made them; every export checks it holds all `subjects`.
 */
export function studyExports(
  suite: () => { supergraph: SupergraphUnderTest; dir: string },
  study: { protocolId: string; subjects: number },
) {
  /** An export request for the study written to `name` in the suite's folder. */
  function exportRequest(
    format: string,
    profile: ExportProfileName,
    includeAudit: boolean,
    name?: string,
  ): ExportRequest {
    return {
      protocolId: study.protocolId,
      format,
      profile,
      recipient: 'e2e-recipient',
      pseudonymSecret: 'a-test-secret-of-at-least-32-characters',
      includeAudit,
      datasets: null,
      outputPath: path.join(suite().dir, name ?? `${format}-${profile}-${includeAudit ? 'audit' : 'plain'}`),
    }
  }

  const gatewayClient = async () => {
    const { supergraph } = suite()
    const token = await supergraph.tokenFor(DEFAULT_E2E_ACCOUNT)
    return supergraphClient(supergraph.gatewayUrl, () => token)
  }

  /** Runs a whole export through the gateway (read, de-identify, write); where it was written. */
  async function runWholeExport(request: ExportRequest): Promise<string> {
    const result = await runExport(await gatewayClient(), request)
    expect(result.subjects).toBe(study.subjects)
    return request.outputPath
  }

  // Reading the study through the gateway is most of an export's time (~10 s for 400 subjects
  // here) and the same for every format and profile: the study is read once with audit trails and
  // once without, by the exporter's own reader, and every format and profile is written from that
  // read. The whole path, reader included, runs in runWholeExport.
  const reads = new Map<
    boolean,
    Promise<{ metadata: SubjectSource['metadata']; subjectsPerSite: Map<string, number>; subjects: StoredSubject[] }>
  >()
  function readOnce(includeAudit: boolean) {
    let read = reads.get(includeAudit)
    if (!read) {
      read = (async () => {
        const stored = await readStudy(await gatewayClient(), study.protocolId)
        const subjects: StoredSubject[] = []
        for await (const subject of stored.subjects({ includeAudit })) subjects.push(subject)
        return { metadata: stored.metadata, subjectsPerSite: stored.subjectsPerSite, subjects }
      })()
      reads.set(includeAudit, read)
    }
    return read
  }

  /** An export in `format` and `profile`, written from the study read through the gateway; where it was written. */
  async function exportAs(format: string, profile: ExportProfileName, includeAudit = false): Promise<string> {
    const request = exportRequest(format, profile, includeAudit)
    const read = await readOnce(includeAudit && PROFILES[profile].audit !== 'none')
    const source: SubjectSource = {
      metadata: read.metadata,
      subjectsPerSite: read.subjectsPerSite,
      subjectCount: read.subjects.length,
      subjects: (async function* () {
        yield* read.subjects
      })(),
    }
    const result = await exportSubjects(source, request)
    expect(result.subjects).toBe(study.subjects)
    return request.outputPath
  }

  return { exportRequest, runWholeExport, exportAs }
}
