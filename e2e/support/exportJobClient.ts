import WebSocket from 'ws'
import { createClient } from 'graphql-ws'
import { eventually } from '../../test/support/eventually'
import type { SupergraphUnderTest } from './supergraphUnderTest'

export const JOB_FIELDS = 'id status subjectsDone subjectsTotal bytes sha256 fileName error attempts profile format'
const START = `mutation($input: StartExportInput!) { startExport(input: $input) { ${JOB_FIELDS} } }`
const JOB = `query($id: ID!) { exportJob(id: $id) { ${JOB_FIELDS} requestedBy { id } } }`
export const LINK = `mutation($id: ID!) { exportDownloadLink(jobId: $id) { path expiresAt } }`

/** An export job as JOB_FIELDS reads it. */
export interface Job {
  id: string
  status: string
  subjectsDone: number
  subjectsTotal: number | null
  bytes: number
  sha256: string | null
  fileName: string | null
  error: string | null
  attempts: number
}

const finished = (job: Job | null | undefined) => job?.status === 'COMPLETED' || job?.status === 'FAILED'

/**
 * Export jobs of one study through the gateway, as a demo account (default: `defaultAs`): start,
 * read, wait for the end, download with a signed link, and follow on the federated subscription.
 * Each call answers with the GraphQL body, so a test sees refusals as the client would.
 */
export function exportJobClient(supergraph: SupergraphUnderTest, studyId: string, defaultAs: string) {
  const jobAs = async (id: string, as = defaultAs) => (await supergraph.post(JOB, { id }, { as })).body
  return {
    start: async (input: Record<string, unknown>, as = defaultAs) =>
      (await supergraph.post(START, { input: { studyId, ...input } }, { as })).body,
    jobAs,
    async finishedJob(id: string, as = defaultAs): Promise<Job> {
      const job = await eventually(
        async () => (await jobAs(id, as)).data?.exportJob as Job | undefined,
        (j) => finished(j),
        180_000,
        250,
      )
      return job!
    },
    async download(id: string, as = defaultAs) {
      const { body } = await supergraph.post(LINK, { id }, { as })
      expect(body.errors).toBeUndefined()
      const link = body.data!.exportDownloadLink as { path: string; expiresAt: string }
      const response = await fetch(`${supergraph.baseUrl}${link.path}`)
      return { link, response, bytes: Buffer.from(await response.arrayBuffer()) }
    },
    /** Every update of a job on the federated subscription, until it ends. */
    progressOf(id: string, as = defaultAs): Promise<Job[]> {
      const client = createClient({
        url: supergraph.gatewayUrl.replace('http', 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: supergraph.wsConnectionParams(as),
      })
      const seen: Job[] = []
      return new Promise<Job[]>((resolve, reject) => {
        client.subscribe(
          { query: `subscription($id: ID!) { exportProgress(jobId: $id) { ${JOB_FIELDS} } }`, variables: { id } },
          {
            next: (result) => {
              if (result.errors) reject(new Error(JSON.stringify(result.errors)))
              else seen.push(result.data!.exportProgress as Job)
            },
            error: reject,
            complete: () => resolve(seen),
          },
        )
      }).finally(() => client.dispose())
    },
  }
}
