import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { demoDataset } from '../demo-data'
import { crcAt, dataManagerOf } from '../test/support/demoAccounts'
import { eventually } from '../test/support/eventually'
import { validateOdm } from '../test/support/odmSchema'
import { zipEntries } from '../test/support/zipEntries'
import { scrape, total } from '../test/support/prometheus'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { exportJobClient, JOB_FIELDS, LINK, type Job } from './support/exportJobClient'

// Export jobs through the API (exports subgraph): started by a mutation, followed on a federated
// subscription, downloaded through the gateway with a signed link, audited; who may export what;
// and a job whose process is killed halfway is run again and completes exactly once.
jest.setTimeout(600_000)

const data = demoDataset()
const study = data.studies.studies.find((s) => s.protocolId === 'ONC-3017')!
const site = data.studies.sites.find((s) => s.studyId === study.id)!
const dataManager = dataManagerOf(study.id)
const sponsor = data.users.users.find((u) =>
  data.users.roleAssignments.some(
    (r) => r.userId === u.id && r.role === 'SPONSOR' && r.studyId === study.id && r.siteId === null && !r.revokedAt,
  ),
)!.email
const subjectNumbers = data.patients.patients
  .filter((p) => data.studies.sites.some((s) => s.id === p.siteId && s.studyId === study.id))
  .map((p) => p.subjectNumber)

/**
 * How long a RUNNING job's heart may be silent before another worker takes it over (and before its
 * own run gives up). Production's 30 s: a live run whose heartbeat is late on a loaded machine must
 * not be taken over (that would be a second attempt, which the first test says there is not). Only
 * the instance that takes over the killed run (the last test) gets a shorter one, TAKEOVER_AFTER_MS.
 */
const STALE_AFTER_MS = '30000'
/** Still far longer than any heartbeat is late on a loaded machine; the takeover waits this long once. */
const TAKEOVER_AFTER_MS = '20000'

let supergraph: SupergraphUnderTest
let jobs: ReturnType<typeof exportJobClient>
let storage: string
let exportsPort: number

beforeAll(async () => {
  storage = fs.mkdtempSync(path.join(os.tmpdir(), 'export-jobs-e2e-'))
  supergraph = await startSupergraphUnderTest({
    account: dataManager,
    // Rate limits on, as in production: jobs read under their own class (RATE_LIMIT_EXPORT_QUERIES).
    subgraphEnv: { exports: { EXPORT_STORAGE_DIR: storage, EXPORT_STALE_AFTER_MS: STALE_AFTER_MS } },
  })
  jobs = exportJobClient(supergraph, study.id, dataManager)
  exportsPort = Number(new URL(supergraph.processes.subgraphs.exports.spec.baseUrl).port)
})
afterAll(async () => {
  await supergraph?.stop()
  fs.rmSync(storage, { recursive: true, force: true })
})

const codeOf = (body: { errors?: { extensions?: { code?: string } }[] }) => body.errors?.[0]?.extensions?.code

async function auditOf(jobId: string) {
  return supergraph.asOwner(async (client) => {
    const { rows } = await client.query<{ operation: string; actor_user_id: string | null; new_value: unknown }>(
      `SELECT operation, actor_user_id, new_value FROM "${supergraph.schemas.exports}".audit_event
        WHERE entity_type = 'ExportJob' AND entity_id = $1 ORDER BY sequence`,
      [jobId],
    )
    return rows
  })
}

const userIdOf = (email: string) => data.users.users.find((u) => u.email === email)!.id

describe('a data manager', () => {
  const jobId = crypto.randomUUID()
  let job: Job

  it('starts an export, follows it on a subscription to the end, and it is idempotent on the job id', async () => {
    const started = await jobs.start({ jobId, format: 'ODM', profile: 'IDENTIFIED', includeAudit: true })
    expect(started.errors).toBeUndefined()
    expect(started.data!.startExport).toMatchObject({ id: jobId, format: 'ODM', profile: 'IDENTIFIED' })
    const updates = await jobs.progressOf(jobId)
    job = updates.at(-1)!
    expect(job).toMatchObject({ status: 'COMPLETED', attempts: 1 })
    expect(job.subjectsTotal).toBeGreaterThan(100)
    expect(job.subjectsDone).toBe(job.subjectsTotal)
    // Each update differs from the one before, and the job only moves forward.
    const order = ['QUEUED', 'RUNNING', 'COMPLETED']
    updates.slice(1).forEach((u, i) => {
      expect(order.indexOf(u.status)).toBeGreaterThanOrEqual(order.indexOf(updates[i]!.status))
      if (u.status === updates[i]!.status) expect(u.subjectsDone).toBeGreaterThanOrEqual(updates[i]!.subjectsDone)
    })

    const again = await jobs.start({ jobId, format: 'ODM', profile: 'IDENTIFIED', includeAudit: true })
    expect(again.data!.startExport).toMatchObject({ id: jobId, status: 'COMPLETED' })
    const other = await jobs.start({ jobId, format: 'CSV', profile: 'IDENTIFIED' })
    expect(codeOf(other)).toBe('EXPORT_JOB_CONFLICT')
  })

  it('downloads the file through the gateway with a signed link: whole, as hashed, valid ODM', async () => {
    const { response, bytes } = await jobs.download(jobId)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${job.fileName}"`)
    expect(response.headers.get('content-type')).toBe('application/xml')
    expect(bytes.length).toBe(job.bytes)
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex')
    expect(sha256).toBe(job.sha256)
    expect(response.headers.get('x-content-sha256')).toBe(sha256)
    const xml = bytes.toString('utf8')
    expect(await validateOdm(xml)).toEqual({ valid: true, errors: [] })
    expect(xml).toContain('FileType="Transactional"')
    expect(subjectNumbers.filter((n) => xml.includes(n)).length).toBe(job.subjectsTotal)
  })

  it('a link that was altered or is malformed downloads nothing', async () => {
    const link = (await supergraph.post(LINK, { id: jobId })).body.data!.exportDownloadLink as { path: string }
    const [payload, signature] = link.path.split('/').at(-1)!.split('.')
    const forged = Buffer.from(
      Buffer.from(payload!, 'base64url')
        .toString()
        .replace(/\.\d+$/, `.${Math.floor(Date.now() / 1000) + 86_400}`),
    ).toString('base64url')
    const altered = await fetch(`${supergraph.baseUrl}/exports/download/${forged}.${signature}`)
    expect(altered.status).toBe(403)
    expect(codeOf((await altered.json()) as Parameters<typeof codeOf>[0])).toBe('DOWNLOAD_LINK_INVALID')
    const malformed = await fetch(`${supergraph.baseUrl}/exports/download/not-a-link`)
    expect(malformed.status).toBe(400)
  })

  it('every step is in the audit trail: requested, completed, each link and each download, by whom', async () => {
    const trail = await auditOf(jobId)
    const operations = trail.map((e) => e.operation)
    expect(operations.filter((o) => o === 'EXPORT_REQUESTED')).toHaveLength(1)
    expect(operations.filter((o) => o === 'EXPORT_COMPLETED')).toHaveLength(1)
    expect(operations.filter((o) => o === 'EXPORT_LINK_ISSUED')).toHaveLength(2)
    expect(operations.filter((o) => o === 'EXPORT_DOWNLOADED')).toHaveLength(1) // the altered link downloaded nothing
    const requested = trail.find((e) => e.operation === 'EXPORT_REQUESTED')!
    expect(requested.actor_user_id).toBe(userIdOf(dataManager))
    expect(requested.new_value).toMatchObject({ format: 'odm', profile: 'identified', exportingRole: 'DATA_MANAGER' })
    expect(trail.find((e) => e.operation === 'EXPORT_DOWNLOADED')!.actor_user_id).toBe(userIdOf(dataManager))
  })
})

describe('who may export what', () => {
  it('a sponsor may not export identified data, and exports de-identified data of their study', async () => {
    const identified = await jobs.start({ format: 'CSV', profile: 'IDENTIFIED' }, sponsor)
    expect(codeOf(identified)).toBe('FORBIDDEN')
    expect(identified.errors![0]!.message).toMatch(/de-identified/)

    const started = await jobs.start({ format: 'CSV', profile: 'SPONSOR', recipient: 'Sponsor statistics' }, sponsor)
    expect(started.errors).toBeUndefined()
    const job = await jobs.finishedJob(started.data!.startExport.id as string, sponsor)
    expect(job).toMatchObject({ status: 'COMPLETED', error: null })
    const { response, bytes } = await jobs.download(job.id, sponsor)
    expect(response.status).toBe(200)
    const entries = await zipEntries(bytes)
    expect([...entries.keys()]).toEqual(expect.arrayContaining(['subjects.csv']))
    const text = [...entries.values()].join('\n')
    for (const subjectNumber of subjectNumbers) expect(text).not.toContain(subjectNumber)

    // The study's data manager oversees every export of the study; the sponsor sees only their own.
    const LIST = `query($s: ID!) { exportJobs(studyId: $s) { id requestedBy { id } } }`
    const overseen = (await supergraph.post(LIST, { s: study.id })).body.data!.exportJobs as { id: string }[]
    expect(overseen.map((j) => j.id)).toContain(job.id)
    const own = (await supergraph.post(LIST, { s: study.id }, { as: sponsor })).body.data!.exportJobs as {
      requestedBy: { id: string }
    }[]
    expect(own.every((j) => j.requestedBy.id === userIdOf(sponsor))).toBe(true)
    // ...but the file goes only to whom it was made for.
    expect(codeOf((await supergraph.post(LINK, { id: job.id })).body)).toBe('FORBIDDEN')
  })

  it("a sponsor cannot see a data manager's job; a CRC exports nothing; regulator exports carry no audit", async () => {
    const dmJob = (await jobs.start({ format: 'JSON', profile: 'IDENTIFIED', datasets: ['SUBJECTS'] })).data!
      .startExport
    expect(codeOf(await jobs.jobAs(dmJob.id as string, sponsor))).toBe('FORBIDDEN')
    expect(codeOf((await supergraph.post(LINK, { id: dmJob.id }, { as: sponsor })).body)).toBe('FORBIDDEN')
    expect(codeOf(await jobs.start({ format: 'ODM', profile: 'SPONSOR' }, crcAt(site.id)))).toBe('FORBIDDEN')
    const regulatorAudit = await jobs.start({ format: 'ODM', profile: 'REGULATOR', includeAudit: true }, sponsor)
    expect(codeOf(regulatorAudit)).toBe('BAD_USER_INPUT')
    await jobs.finishedJob(dmJob.id as string)
  })
})

describe('cancelling', () => {
  const CANCEL = `mutation($id: ID!) { cancelExport(jobId: $id) { ${JOB_FIELDS} } }`

  it('stops a running job within seconds, removes what it wrote, and is audited; an ended job cannot be', async () => {
    const started = await jobs.start({ format: 'ODM', profile: 'IDENTIFIED', includeAudit: true })
    const id = started.data!.startExport.id as string
    const running = await eventually(
      async () => (await jobs.jobAs(id)).data!.exportJob as Job,
      (j) => j.status !== 'QUEUED' && j.subjectsDone > 0,
      60_000,
      100,
    )
    expect(running.status).toBe('RUNNING')
    // Not the sponsor's to stop (nor to see).
    expect(codeOf((await supergraph.post(CANCEL, { id }, { as: sponsor })).body)).toBe('FORBIDDEN')
    const cancelled = (await supergraph.post(CANCEL, { id })).body
    expect(cancelled.errors).toBeUndefined()
    expect(cancelled.data!.cancelExport).toMatchObject({ id, status: 'CANCELLED' })
    // The worker notices at its next progress record and removes its partial file.
    const files = await eventually(
      () => fs.readdirSync(storage).filter((f) => f.startsWith(id)),
      (list) => list.length === 0,
      30_000,
    )
    expect(files).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    expect((await jobs.jobAs(id)).data!.exportJob).toMatchObject({ status: 'CANCELLED', sha256: null })
    const again = (await supergraph.post(CANCEL, { id })).body
    expect(codeOf(again)).toBe('EXPORT_NOT_CANCELLABLE')
    expect(codeOf((await supergraph.post(LINK, { id })).body)).toBe('EXPORT_NOT_READY')
    const operations = (await auditOf(id)).map((e) => e.operation)
    expect(operations).toEqual(['EXPORT_REQUESTED', 'EXPORT_CANCELLED'])
  })
})

describe('a job whose process dies', () => {
  it('is run again from the start after SIGKILL halfway, completes once, and its file is whole', async () => {
    // This suite's exports process, replaced by one that kills itself once a job is half done.
    await supergraph.processes.subgraphs.exports.stop()
    const crashing = await supergraph.startInstance('exports', exportsPort, { FAULT_CRASH_POINT: 'exports.job.midway' })
    const started = await jobs.start({ format: 'FHIR', profile: 'SPONSOR' })
    expect(started.errors).toBeUndefined()
    const id = started.data!.startExport.id as string
    let timer: NodeJS.Timeout | undefined
    const exit = await Promise.race([
      crashing.exited.then(() => crashing.child.signalCode),
      new Promise((resolve) => (timer = setTimeout(() => resolve('still running after 180 s'), 180_000))),
    ])
    clearTimeout(timer)
    expect(exit).toBe('SIGKILL')
    // Only the killed run's partial file is left (each run writes files of its own).
    const partial = fs.readdirSync(storage).filter((f) => f.startsWith(id))
    expect(partial).toEqual([expect.stringMatching(new RegExp(`^${id}\\.[0-9a-f-]{36}\\.json\\.partial$`))])

    // It takes the job over once the killed run's heartbeat is TAKEOVER_AFTER_MS old.
    const restarted = await supergraph.startInstance('exports', exportsPort, {
      FAULT_CRASH_POINT: '',
      EXPORT_STALE_AFTER_MS: TAKEOVER_AFTER_MS,
    })
    const job = await jobs.finishedJob(id)
    expect(job).toMatchObject({ status: 'COMPLETED', attempts: 2 })
    expect(job.subjectsDone).toBe(job.subjectsTotal)
    // The new run cleared the dead one's partial file: the completed file alone is left.
    expect(fs.readdirSync(storage).filter((f) => f.startsWith(id))).toEqual([
      expect.stringMatching(new RegExp(`^${id}\\.[0-9a-f-]{36}\\.json$`)),
    ])
    const { bytes } = await jobs.download(id)
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(job.sha256)
    const bundle = JSON.parse(bytes.toString('utf8')) as { resourceType: string; entry: unknown[] }
    expect(bundle.resourceType).toBe('Bundle')
    const operations = (await auditOf(id)).map((e) => e.operation)
    expect(operations.filter((o) => o === 'EXPORT_COMPLETED')).toHaveLength(1)
    expect(operations.filter((o) => o === 'EXPORT_FAILED')).toHaveLength(0)
    // The new process ran it once, to the end (the killed one counted nothing it could keep).
    const samples = await scrape(restarted.spec.baseUrl)
    expect(total(samples, 'exports_job_runs_total', { format: 'fhir', outcome: 'completed' })).toBe(1)
    expect(total(samples, 'exports_job_seconds_count', { format: 'fhir', outcome: 'completed' })).toBe(1)
  })
})
