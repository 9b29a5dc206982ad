import { edcSubgraph } from '../subgraph'
import type { EdcPrisma } from '../data/prismaClient'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import {
  BASELINE_VISIT,
  formOf,
  OTHER_SITE_VISIT,
  PATIENT,
  respondToQuery,
  seedEdcFixtures,
  STAFF,
  STUDY,
  WEEK_2_VISIT,
} from './edcFixtures'

// Freeze and lock at the levels the casebook test does not reach (visit, study, levels combined)
// and a query re-opened, on real Postgres through the subgraph's endpoint.
let edc: SubgraphUnderTest<EdcPrisma>
const {
  crc: CRC,
  crcOfSite2: CRC_2,
  monitor: MONITOR,
  dataManager: DATA_MANAGER,
  dataManagerOfSite1: SITE_DATA_MANAGER,
} = STAFF

beforeAll(async () => {
  edc = await startSubgraphUnderTest(edcSubgraph, seedEdcFixtures, {}, CRC)
})
afterAll(() => edc?.stop())

type Errors = { errors?: { extensions?: Record<string, unknown> }[] }
const code = (body: Errors) => body.errors?.[0]?.extensions?.code
const lock = (level: string, targetId: string, action: string, reason: string | null = null, as = DATA_MANAGER) =>
  edc.post(
    `mutation($i: SetDataLockInput!) { setDataLock(input: $i) { state } }`,
    { i: { level, targetId, action, reason } },
    {},
    as,
  )
const versionOf = async (visitId: string) =>
  (await edc.prisma.formData.findUniqueOrThrow({ where: { id: formOf(visitId) } })).version
async function save(visitId: string, values: Record<string, string>, as = CRC) {
  return edc.post(
    `mutation($input: SaveFormDataInput!) { saveFormData(input: $input) { form { version } } }`,
    {
      input: {
        visitId,
        formOid: 'F.VS',
        expectedVersion: await versionOf(visitId),
        values: Object.entries(values).map(([item, value]) => ({ group: 'IG.VS', item, value })),
      },
    },
    {},
    as,
  )
}
const refusal = (body: Errors) => ({ code: code(body), ...body.errors?.[0]?.extensions })

it('freezes one visit: its form refuses edits, the other visit of the casebook takes them', async () => {
  expect(
    (await save(BASELINE_VISIT, { 'I.VSDAT': '2026-11-02', 'I.SYSBP': '128', 'I.DIABP': '80' })).body.errors,
  ).toBeUndefined()
  expect((await lock('VISIT', BASELINE_VISIT, 'FREEZE')).body.data).toEqual({ setDataLock: { state: 'FROZEN' } })
  expect(refusal((await save(BASELINE_VISIT, { 'I.DIABP': '81' })).body)).toMatchObject({
    code: 'DATA_LOCKED',
    lock: 'FROZEN',
    level: 'VISIT',
  })
  expect((await save(WEEK_2_VISIT, { 'I.VSDAT': '2026-11-16', 'I.SYSBP': '130' })).body.errors).toBeUndefined()
})

it('applies the most restrictive state over form, visit, casebook and study, and says where it is set', async () => {
  expect((await lock('CASEBOOK', PATIENT, 'LOCK')).body.data).toEqual({ setDataLock: { state: 'LOCKED' } })
  expect(refusal((await save(BASELINE_VISIT, { 'I.DIABP': '81' })).body)).toMatchObject({
    lock: 'LOCKED',
    level: 'CASEBOOK',
  })
  // Undoing the visit's freeze changes nothing while the casebook stays locked.
  expect(code((await lock('VISIT', BASELINE_VISIT, 'UNFREEZE')).body)).toBe('REASON_FOR_CHANGE_REQUIRED')
  expect((await lock('VISIT', BASELINE_VISIT, 'UNFREEZE', 'Visit reviewed')).body.data).toEqual({
    setDataLock: { state: 'NONE' },
  })
  expect(code((await save(BASELINE_VISIT, { 'I.DIABP': '81' })).body)).toBe('DATA_LOCKED')
  expect(code((await lock('VISIT', BASELINE_VISIT, 'UNFREEZE', 'Again')).body)).toBe('LOCK_TRANSITION_NOT_ALLOWED')
  expect((await lock('CASEBOOK', PATIENT, 'UNLOCK', 'Late lab correction')).body.data).toEqual({
    setDataLock: { state: 'NONE' },
  })
})

it('locks a whole study only with a study-level grant; then no site edits or works queries', async () => {
  expect(code((await lock('STUDY', STUDY, 'LOCK', null, SITE_DATA_MANAGER)).body)).toBe('FORBIDDEN')
  expect(code((await lock('STUDY', STUDY, 'LOCK', null, MONITOR)).body)).toBe('FORBIDDEN')
  expect((await lock('STUDY', STUDY, 'LOCK')).body.data).toEqual({ setDataLock: { state: 'LOCKED' } })
  expect(refusal((await save(WEEK_2_VISIT, { 'I.DIABP': '79' })).body)).toMatchObject({
    code: 'DATA_LOCKED',
    lock: 'LOCKED',
    level: 'STUDY',
  })
  expect(code((await save(OTHER_SITE_VISIT, { 'I.SYSBP': '120' }, CRC_2)).body)).toBe('DATA_LOCKED')
  const query = await edc.post(
    `mutation($i: RaiseDataQueryInput!) { raiseDataQuery(input: $i) { id } }`,
    { i: { formId: formOf(BASELINE_VISIT), group: 'IG.VS', item: 'I.SYSBP', text: 'Source?' } },
    {},
    MONITOR,
  )
  expect(code(query.body)).toBe('DATA_LOCKED')
  const form = await edc.post(
    `query($id: ID!) { form(id: $id) { status lock } }`,
    { id: formOf(WEEK_2_VISIT) },
    {},
    CRC,
  )
  expect(form.body.data).toEqual({ form: { status: 'LOCKED', lock: 'LOCKED' } })
  expect((await lock('STUDY', STUDY, 'UNLOCK', 'Database re-opened for a late correction')).body.data).toEqual({
    setDataLock: { state: 'NONE' },
  })
  expect((await save(WEEK_2_VISIT, { 'I.DIABP': '79' })).body.errors).toBeUndefined()
  const trail = await edc.prisma.auditEvent.findMany({
    where: { entityType: { startsWith: 'DataLock:' } },
    orderBy: { sequence: 'asc' },
  })
  expect(trail.filter((a) => a.newValue === 'NONE').map((a) => [a.entityType, a.reasonForChange])).toEqual([
    ['DataLock:VISIT', 'Visit reviewed'],
    ['DataLock:CASEBOOK', 'Late lab correction'],
    ['DataLock:STUDY', 'Database re-opened for a late correction'],
  ])
})

it('re-opens an answered query: only a reviewer, only with a message, back to open in the counts', async () => {
  const raised = await edc.post(
    `mutation($i: RaiseDataQueryInput!) { raiseDataQuery(input: $i) { id } }`,
    {
      i: {
        formId: formOf(BASELINE_VISIT),
        group: 'IG.VS',
        item: 'I.SYSBP',
        text: 'Please confirm against the source.',
      },
    },
    {},
    DATA_MANAGER,
  )
  const queryId = (raised.body.data!.raiseDataQuery as { id: string }).id
  const respond = (action: string, text: string | null, as = CRC) => respondToQuery(edc, queryId, action, text, as)
  expect(code((await respond('REOPEN', 'Still open?', MONITOR)).body)).toBe('QUERY_TRANSITION_NOT_ALLOWED') // not answered yet
  expect((await respond('ANSWER', 'Source says 128.')).body.data).toEqual({
    respondToDataQuery: { status: 'ANSWERED' },
  })
  expect(code((await respond('REOPEN', 'I disagree')).body)).toBe('FORBIDDEN') // the site does not re-open
  expect(code((await respond('REOPEN', null, MONITOR)).body)).toBe('BAD_USER_INPUT')
  expect((await respond('REOPEN', 'The source page shows 138.', MONITOR)).body.data).toEqual({
    respondToDataQuery: { status: 'OPEN' },
  })
  const form = await edc.post(
    `query($id: ID!) { form(id: $id) { openQueryCount } }`,
    { id: formOf(BASELINE_VISIT) },
    {},
    CRC,
  )
  expect(form.body.data).toEqual({ form: { openQueryCount: 1 } })
  const messages = await edc.prisma.queryMessage.findMany({ where: { queryId }, orderBy: { createdAt: 'asc' } })
  expect(messages.map((m) => [m.action, m.text])).toEqual([
    ['OPEN', 'Please confirm against the source.'],
    ['ANSWER', 'Source says 128.'],
    ['REOPEN', 'The source page shows 138.'],
  ])
  const trail = await edc.prisma.auditEvent.findMany({ where: { entityId: queryId }, orderBy: { sequence: 'asc' } })
  expect(trail.map((a) => a.newValue)).toEqual([expect.any(Object), 'ANSWERED', 'OPEN'])
})
