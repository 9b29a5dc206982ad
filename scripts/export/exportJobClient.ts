import crypto from 'node:crypto'
import fs from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'

/**
 * The export CLI as a client of the export-job API (docs/exports.md): it starts a job, follows it
 * and downloads the file — so an export from the command line is decided, run and audited like any
 * other, and a sponsor can run one too.
 */
export interface JobStatus {
  id: string
  status: 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED'
  subjectsDone: number
  subjectsTotal: number | null
  bytes: number
  sha256: string | null
  error: string | null
}

interface GraphQLAnswer<T> {
  data?: T
  errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[]
}

export class ExportCliError extends Error {}

const JOB_FIELDS = 'id status subjectsDone subjectsTotal bytes sha256 error'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function exportJobClient(gatewayUrl: string, credentials: { email: string; password: string }) {
  let accessToken: string | null = null

  async function post<T>(query: string, variables: Record<string, unknown>, signedIn = true): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (signedIn && !accessToken) accessToken = await signIn()
      const response = await fetch(gatewayUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signedIn ? { authorization: `Bearer ${accessToken}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      }).catch((error: unknown) => (attempt < 5 ? null : Promise.reject(error)))
      // The gateway restarting (refused, or 5xx without a GraphQL answer): the job runs on; ask again.
      if (
        !response ||
        (response.status >= 500 && !response.headers.get('content-type')?.includes('json') && attempt < 5)
      ) {
        await sleep(1000 * 2 ** Math.min(attempt, 4))
        continue
      }
      const body = (await response.json().catch(() => ({}))) as GraphQLAnswer<T>
      const code = body.errors?.[0]?.extensions?.code
      // An access token lives 15 minutes; a long export outlives it: sign in again.
      if (response.status === 401 && signedIn && attempt < 2) {
        accessToken = null
        continue
      }
      if (response.status === 429 && attempt < 60) {
        await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000)
        continue
      }
      if (body.errors?.length || !body.data)
        throw new ExportCliError(
          body.errors?.map((e) => `${e.message} (${code ?? 'ERROR'})`).join('; ') ?? `HTTP ${response.status}`,
        )
      return body.data
    }
  }

  async function signIn(): Promise<string> {
    const data = await post<{ signIn: { accessToken: string } }>(
      'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }',
      { e: credentials.email, p: credentials.password },
      false,
    ).catch((error: unknown) => {
      throw new ExportCliError(`Could not sign ${credentials.email} in: ${(error as Error).message}`)
    })
    return data.signIn.accessToken
  }

  return {
    async studyId(protocolId: string): Promise<string> {
      const { studyByProtocolId } = await post<{ studyByProtocolId: { id: string } | null }>(
        'query($p: String!) { studyByProtocolId(protocolId: $p) { id } }',
        { p: protocolId },
      )
      if (!studyByProtocolId) throw new ExportCliError(`No study with protocol id ${protocolId} is visible to you.`)
      return studyByProtocolId.id
    },

    async start(input: Record<string, unknown>): Promise<JobStatus> {
      // A job id of our own: if the answer is lost and we ask again, the same job comes back.
      const jobId = crypto.randomUUID()
      const mutation = `mutation($input: StartExportInput!) { startExport(input: $input) { ${JOB_FIELDS} } }`
      return (await post<{ startExport: JobStatus }>(mutation, { input: { ...input, jobId } })).startExport
    },

    /** The job until it ends, `onChange` at each change (polled every half second). */
    async follow(job: JobStatus, onChange: (job: JobStatus) => void): Promise<JobStatus> {
      let seen = ''
      for (;;) {
        const key = `${job.status}:${job.subjectsDone}`
        if (key !== seen) onChange(job)
        seen = key
        if (job.status !== 'QUEUED' && job.status !== 'RUNNING') return job
        await sleep(500)
        job = (
          await post<{ exportJob: JobStatus }>(`query($id: ID!) { exportJob(id: $id) { ${JOB_FIELDS} } }`, {
            id: job.id,
          })
        ).exportJob
      }
    },

    /** Downloads the completed job's file to `outputPath` (via `.partial`), checking its SHA-256. */
    async download(job: JobStatus, outputPath: string): Promise<void> {
      const { exportDownloadLink: link } = await post<{ exportDownloadLink: { path: string } }>(
        'mutation($id: ID!) { exportDownloadLink(jobId: $id) { path } }',
        { id: job.id },
      )
      const response = await fetch(new URL(link.path, gatewayUrl))
      if (!response.ok || !response.body) throw new ExportCliError(`The download failed: HTTP ${response.status}.`)
      // A name of this download's own, created exclusively: two commands given the same --out never
      // write into one file.
      const partial = `${outputPath}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.partial`
      const hash = crypto.createHash('sha256')
      const body = Readable.fromWeb(response.body as WebReadableStream)
      body.on('data', (chunk: Buffer) => hash.update(chunk))
      try {
        await pipeline(body, fs.createWriteStream(partial, { flags: 'wx' }))
        const sha256 = hash.digest('hex')
        if (sha256 !== job.sha256)
          throw new ExportCliError(`The downloaded file's SHA-256 (${sha256}) is not the job's (${job.sha256}).`)
        fs.renameSync(partial, outputPath)
      } catch (error) {
        fs.rmSync(partial, { force: true })
        throw error
      }
    },
  }
}
