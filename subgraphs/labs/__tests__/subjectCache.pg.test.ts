import { labsSubgraph } from '../subgraph'
import type { LabsPrisma } from '../data/prismaClient'
import { registerSubject, type LabsBackground } from '../events/labsBackground'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import { eventually } from '../../../test/support/eventually'
import { subjectEventMessage } from '../../../test/support/subjectEvents'

// The subject registry is cached across requests in every process (cachedRows.ts). What this
// proves against real Postgres: the cache saves the read, and access is never decided on a row
// that changed — however it changed, and even when the listening connection is killed. Waits are
// bounded by `eventually` (a notice crosses a connection), far below the cache's 60 s age limit,
// so a cache that missed a change fails here.
const STUDY = '57000000-0000-4000-8000-0000000000e1'
const SITE_A = '5a000000-0000-4000-8000-0000000000e1'
const SITE_B = '5a000000-0000-4000-8000-0000000000e2'
const PATIENT = '9a000000-0000-4000-8000-0000000000e1'
const LABS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { labResults { id } } } }`
const crcAt = (siteId: string) => identityWith({ role: 'CRC', studyId: STUDY, siteId })
const WAIT_MS = 15_000
jest.setTimeout(4 * WAIT_MS)

let subgraph: SubgraphUnderTest<LabsPrisma, LabsBackground>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(labsSubgraph, undefined, {}, crcAt(SITE_A))
})
afterAll(async () => {
  await subgraph?.stop()
})

const enrolAt = (siteId: string) =>
  registerSubject(subgraph.prisma)(
    subjectEventMessage({
      type: 'SubjectEnrolled',
      patientId: PATIENT,
      subjectNumber: 'CACHE-1-101-0001',
      studyId: STUDY,
      siteId,
      enrollmentDate: '2026-12-01',
      timeZone: 'UTC',
      visits: [],
    }),
  )

/** The entity fetch as a CRC of `siteId`: its error code (null: answered), and whether it read the registry. */
async function fetchAs(siteId: string) {
  subgraph.statements.reset()
  const response = await subgraph.post(LABS, { r: [{ __typename: 'Patient', id: PATIENT }] }, {}, crcAt(siteId))
  return {
    code: (response.body.errors?.[0]?.extensions?.code as string | undefined) ?? null,
    readRegistry: subgraph.statements.queries.some((q) => /"subject"/.test(q)),
  }
}

/** The fetch as a CRC of `siteId`, once it no longer reads the registry (the cache listens and holds the row). */
const servedFromCache = (siteId: string) =>
  eventually(
    () => fetchAs(siteId),
    (r) => !r.readRegistry,
    WAIT_MS,
  )

it('answers from the cache once it listens, without reading the registry', async () => {
  await enrolAt(SITE_A)
  expect(await servedFromCache(SITE_A)).toEqual({ code: null, readRegistry: false })
  expect(await fetchAs(SITE_B)).toEqual({ code: 'FORBIDDEN', readRegistry: false })
})

it('decides on the new site once the registry moves the subject (through its own event handler)', async () => {
  await fetchAs(SITE_A) // cached at A
  await enrolAt(SITE_B)
  expect(
    await eventually(
      () => fetchAs(SITE_A),
      (r) => r.code === 'FORBIDDEN',
      WAIT_MS,
    ),
  ).toMatchObject({
    code: 'FORBIDDEN',
  })
  expect((await fetchAs(SITE_B)).code).toBeNull()
})

it('never keeps a row changed while its listening connection was down, and caches again once back', async () => {
  await servedFromCache(SITE_B)
  const schema = (await subgraph.prisma.$queryRawUnsafe<{ s: string }[]>('SELECT current_schema() AS s'))[0]!.s
  // The service role may end its own backends: the listener is one of them.
  const killed = await subgraph.prisma.$queryRawUnsafe<{ ok: boolean }[]>(
    'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1',
    `${schema}-row-changes`,
  )
  expect(killed).toEqual([{ ok: true }])
  // Moved back while nobody listens (or just after it listens again): its notice may be lost.
  await subgraph.asOwner(`UPDATE subject SET site_id = '${SITE_A}' WHERE patient_id = '${PATIENT}'`)
  expect(
    await eventually(
      () => fetchAs(SITE_A),
      (r) => r.code === null,
      WAIT_MS,
    ),
  ).toMatchObject({ code: null })
  expect((await fetchAs(SITE_B)).code).toBe('FORBIDDEN')
  expect(await servedFromCache(SITE_A)).toEqual({ code: null, readRegistry: false })
})

it('forgets every row when the registry is truncated', async () => {
  await servedFromCache(SITE_A)
  await subgraph.asOwner('TRUNCATE subject')
  expect(
    await eventually(
      () => fetchAs(SITE_A),
      (r) => r.code === 'FORBIDDEN',
      WAIT_MS,
    ),
  ).toMatchObject({
    code: 'FORBIDDEN',
  })
})
