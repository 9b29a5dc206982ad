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
  SITE_1,
  STUDY,
  WEEK_2_VISIT,
} from './edcFixtures'

// The EDC's data life on real Postgres, through the subgraph's HTTP endpoint as the gateway calls
// it: entry with edit checks, reason for change, optimistic versions, queries, SDV, freeze/lock.
let edc: SubgraphUnderTest<EdcPrisma>
const { crc: CRC, monitor: MONITOR, dataManager: DATA_MANAGER, sponsor: SPONSOR } = STAFF

beforeAll(async () => {
  edc = await startSubgraphUnderTest(edcSubgraph, seedEdcFixtures, {}, CRC)
})
afterAll(() => edc?.stop())

const SAVE = `mutation($input: SaveFormDataInput!) { saveFormData(input: $input) {
  form { id status version values { group row item value verified } openQueryCount }
  warnings { checkId item message } openedQueries { id checkId status } closedQueries { id } } }`
const FORM = `query($id: ID!) { form(id: $id) { id status version lock openQueryCount
  values { item value verified } queries { id status origin checkId messages { action text authorRole } } } }`

const vs = (values: Record<string, string | null>) =>
  Object.entries(values).map(([item, value]) => ({ group: 'IG.VS', item, value }))
const save = (visitId: string, expectedVersion: number, values: Record<string, string | null>, extra = {}, as = CRC) =>
  edc.post(SAVE, { input: { visitId, formOid: 'F.VS', expectedVersion, values: vs(values), ...extra } }, {}, as)
const code = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions?.code

async function auditOf(entityId: string) {
  return edc.prisma.auditEvent.findMany({ where: { entityId }, orderBy: { sequence: 'asc' } })
}

describe('data entry', () => {
  it('stores a soft out-of-range value with a query, refuses an impossible one with nothing saved', async () => {
    const refused = await save(BASELINE_VISIT, 0, { 'I.VSDAT': '2026-11-02', 'I.SYSBP': '400', 'I.DIABP': '80' })
    expect(code(refused.body)).toBe('EDIT_CHECK_FAILED')
    const findings = refused.body.errors![0]!.extensions!.findings as { item: string }[]
    expect(findings.map((f) => f.item)).toEqual(['I.SYSBP'])
    expect(await edc.prisma.itemData.count()).toBe(0)
    expect((await edc.prisma.formData.findUniqueOrThrow({ where: { id: formOf(BASELINE_VISIT) } })).version).toBe(0)

    const { body } = await save(BASELINE_VISIT, 0, {
      'I.VSDAT': '2026-11-02',
      'I.SYSBP': '172',
      'I.DIABP': '80',
      'I.WEIGHT': '70.0',
    })
    expect(body.errors).toBeUndefined()
    const saved = body.data!.saveFormData as {
      form: { status: string; version: number; openQueryCount: number }
      warnings: { checkId: string }[]
      openedQueries: { status: string }[]
    }
    expect(saved.form).toMatchObject({ status: 'IN_PROGRESS', version: 1, openQueryCount: 1 })
    expect(saved.warnings.map((w) => w.checkId)).toEqual(['I.SYSBP.RANGE'])
    expect(saved.openedQueries).toEqual([expect.objectContaining({ status: 'OPEN' })])
  })

  it('refuses a save over a newer version instead of overwriting it', async () => {
    const stale = await save(BASELINE_VISIT, 0, { 'I.DIABP': '82' })
    expect(code(stale.body)).toBe('VERSION_CONFLICT')
    expect(stale.body.errors![0]!.extensions!.currentVersion).toBe(1)
  })

  it('lets only one of two concurrent saves of the same version through', async () => {
    const [a, b] = await Promise.all([
      save(BASELINE_VISIT, 1, { 'I.DIABP': '81' }),
      save(BASELINE_VISIT, 1, { 'I.DIABP': '83' }),
    ])
    const codes = [code(a.body), code(b.body)]
    expect(codes.filter((c) => c === undefined)).toHaveLength(1)
    expect(codes.filter((c) => c === 'VERSION_CONFLICT')).toHaveLength(1)
  })

  it('completes the form; from then on a change needs a reason and is audited with old and new value', async () => {
    const completed = await save(BASELINE_VISIT, 2, { 'I.SYSBP': '150' }, { complete: true })
    expect(completed.body.errors).toBeUndefined()
    const done = completed.body.data!.saveFormData as { form: { status: string }; closedQueries: unknown[] }
    expect(done.form.status).toBe('COMPLETE')
    // The value is back in range: the edit-check query it opened is closed, saying why.
    expect(done.closedQueries).toHaveLength(1)

    const noReason = await save(BASELINE_VISIT, 3, { 'I.DIABP': '78' })
    expect(code(noReason.body)).toBe('REASON_FOR_CHANGE_REQUIRED')
    const withReason = await save(BASELINE_VISIT, 3, { 'I.DIABP': '78' }, { reasonForChange: 'Transcription error' })
    expect(withReason.body.errors).toBeUndefined()
    const item = await edc.prisma.itemData.findFirstOrThrow({
      where: { formDataId: formOf(BASELINE_VISIT), itemOid: 'I.DIABP' },
    })
    const trail = await auditOf(item.id)
    expect(trail.at(-1)).toMatchObject({
      operation: 'UPDATE',
      field: 'IG.VS[1].I.DIABP',
      reasonForChange: 'Transcription error',
      actorUserId: CRC.userId,
    })
    expect([trail.at(-1)!.oldValue, trail.at(-1)!.newValue]).toEqual([expect.any(String), '78'])
  })

  it('opens a query across visits when weight changes by more than 10 % since baseline', async () => {
    const { body } = await save(WEEK_2_VISIT, 0, {
      'I.VSDAT': '2026-11-16',
      'I.SYSBP': '120',
      'I.DIABP': '80',
      'I.WEIGHT': '62.5',
    })
    expect(body.errors).toBeUndefined()
    expect((body.data!.saveFormData as { warnings: { checkId: string }[] }).warnings.map((w) => w.checkId)).toEqual([
      'VS.WEIGHT_CHANGE',
    ])
  })

  it('refuses entry by a monitor, a sponsor and a CRC of another site (FORBIDDEN), and hides the form from a sponsor', async () => {
    for (const as of [MONITOR, SPONSOR])
      expect(code((await save(WEEK_2_VISIT, 1, { 'I.DIABP': '79' }, {}, as)).body)).toBe('FORBIDDEN')
    expect(code((await save(OTHER_SITE_VISIT, 0, { 'I.DIABP': '79' })).body)).toBe('FORBIDDEN')
    const hidden = await edc.post(FORM, { id: formOf(BASELINE_VISIT) }, {}, SPONSOR)
    expect(code(hidden.body)).toBe('FORBIDDEN')
  })
})

describe('queries, verification and locks', () => {
  it('runs a query from a monitor through the site and back, each step in the thread and the audit trail', async () => {
    const raised = await edc.post(
      `mutation($i: RaiseDataQueryInput!) { raiseDataQuery(input: $i) { id status origin } }`,
      {
        i: {
          formId: formOf(BASELINE_VISIT),
          group: 'IG.VS',
          item: 'I.SYSBP',
          text: 'Please confirm against the source.',
        },
      },
      {},
      MONITOR,
    )
    expect(raised.body.errors).toBeUndefined()
    const queryId = (raised.body.data!.raiseDataQuery as { id: string }).id
    const respond = (action: string, text: string | null, as = CRC) => respondToQuery(edc, queryId, action, text, as)
    expect(code((await respond('CLOSE', null)).body)).toBe('FORBIDDEN') // the site does not close
    expect((await respond('ANSWER', 'Confirmed, 150 in the source.')).body.data).toEqual({
      respondToDataQuery: { status: 'ANSWERED' },
    })
    expect((await respond('CLOSE', null, DATA_MANAGER)).body.data).toEqual({ respondToDataQuery: { status: 'CLOSED' } })
    expect(code((await respond('ANSWER', 'Again')).body)).toBe('QUERY_TRANSITION_NOT_ALLOWED')
    const messages = await edc.prisma.queryMessage.findMany({ where: { queryId }, orderBy: { createdAt: 'asc' } })
    expect(messages.map((m) => m.action)).toEqual(['OPEN', 'ANSWER', 'CLOSE'])
    expect((await auditOf(queryId)).map((a) => a.newValue)).toEqual([expect.any(Object), 'ANSWERED', 'CLOSED'])
  })

  it('verifies values; a later change clears the verification and says so in the audit trail', async () => {
    const verified = await edc.post(
      `mutation($i: VerifyFormDataInput!) { verifyFormData(input: $i) { status values { item verified } } }`,
      { i: { formId: formOf(BASELINE_VISIT) } },
      {},
      MONITOR,
    )
    expect(verified.body.errors).toBeUndefined()
    expect(verified.body.data!.verifyFormData).toMatchObject({ status: 'VERIFIED' })
    const version = (await edc.prisma.formData.findUniqueOrThrow({ where: { id: formOf(BASELINE_VISIT) } })).version
    const changed = await save(BASELINE_VISIT, version, { 'I.SYSBP': '148' }, { reasonForChange: 'Re-measured' })
    expect(changed.body.errors).toBeUndefined()
    const item = await edc.prisma.itemData.findFirstOrThrow({
      where: { formDataId: formOf(BASELINE_VISIT), itemOid: 'I.SYSBP' },
    })
    expect(item.verifiedAt).toBeNull()
    expect((await auditOf(item.id)).some((a) => a.field === 'verified' && a.newValue === false)).toBe(true)
    const other = await edc.prisma.itemData.findFirstOrThrow({
      where: { formDataId: formOf(BASELINE_VISIT), itemOid: 'I.DIABP' },
    })
    expect(other.verifiedAt).not.toBeNull()
  })

  it('freezes (no edits, queries go on), locks (nothing changes), and unlocks only with a reason', async () => {
    const lock = (action: string, reason: string | null = null, as = DATA_MANAGER) =>
      edc.post(
        `mutation($i: SetDataLockInput!) { setDataLock(input: $i) { state } }`,
        { i: { level: 'CASEBOOK', targetId: PATIENT, action, reason } },
        {},
        as,
      )
    expect(code((await lock('FREEZE', null, MONITOR)).body)).toBe('FORBIDDEN')
    expect((await lock('FREEZE')).body.data).toEqual({ setDataLock: { state: 'FROZEN' } })
    const version = (await edc.prisma.formData.findUniqueOrThrow({ where: { id: formOf(WEEK_2_VISIT) } })).version
    const frozen = await save(WEEK_2_VISIT, version, { 'I.DIABP': '79' })
    expect(code(frozen.body)).toBe('DATA_LOCKED')
    expect(frozen.body.errors![0]!.extensions).toMatchObject({ lock: 'FROZEN', level: 'CASEBOOK' })
    const stillQueryable = await edc.post(
      `mutation($i: RaiseDataQueryInput!) { raiseDataQuery(input: $i) { id } }`,
      { i: { formId: formOf(WEEK_2_VISIT), group: 'IG.VS', item: 'I.WEIGHT', text: 'Scale calibrated?' } },
      {},
      MONITOR,
    )
    expect(stillQueryable.body.errors).toBeUndefined()
    expect((await lock('LOCK')).body.data).toEqual({ setDataLock: { state: 'LOCKED' } })
    const form = await edc.post(FORM, { id: formOf(WEEK_2_VISIT) }, {}, CRC)
    expect(form.body.data!.form).toMatchObject({ status: 'LOCKED', lock: 'LOCKED' })
    expect(code((await lock('UNLOCK')).body)).toBe('REASON_FOR_CHANGE_REQUIRED')
    expect((await lock('UNLOCK', 'Late lab correction')).body.data).toEqual({ setDataLock: { state: 'NONE' } })
    expect(code((await save(WEEK_2_VISIT, version, { 'I.DIABP': '79' })).body)).toBeUndefined()
  })
})

describe('the visit and the casebook in a federated plan', () => {
  it('resolves Visit.forms and Patient.casebook through _entities with a constant number of statements', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Visit { id openQueryCount forms { formOid name status version openQueryCount } }
      ... on Patient { id casebook { status openQueryCount formsComplete formsInProgress lock } } } }`
    const representations = [
      { __typename: 'Visit', id: BASELINE_VISIT },
      { __typename: 'Visit', id: WEEK_2_VISIT },
      { __typename: 'Patient', id: PATIENT },
    ]
    edc.statements.reset()
    const { body } = await edc.post(query, { r: representations }, {}, CRC)
    expect(body.errors).toBeUndefined()
    const [baseline, , patient] = body.data!._entities as Record<string, unknown>[]
    expect(baseline).toMatchObject({ forms: [{ formOid: 'F.VS', name: 'Vital Signs', status: 'COMPLETE' }] })
    expect(patient).toMatchObject({ casebook: { formsComplete: 1, formsInProgress: 1 } })
    const statements = edc.statements.besideRegistry()
    expect(statements).toBeLessThanOrEqual(12)
    // Every representation twice: batched per request, the statements do not grow with them.
    edc.statements.reset()
    await edc.post(query, { r: [...representations, ...representations] }, {}, CRC)
    expect(edc.statements.besideRegistry()).toBe(statements)
  })
})

describe('lists', () => {
  it('pages a study’s queries newest first, for the site staff of their site and the study staff', async () => {
    const LIST = `query($s: ID!, $after: String, $status: [QueryStatus!]) {
      dataQueries(studyId: $s, first: 1, after: $after, status: $status) {
        edges { cursor node { id status siteId } } pageInfo { hasNextPage endCursor } } }`
    const all = await edc.prisma.dataQuery.findMany({ orderBy: [{ openedAt: 'desc' }, { id: 'desc' }] })
    expect(all.length).toBeGreaterThan(1)
    const seen: string[] = []
    let after: string | null = null
    do {
      const { body } = await edc.post(LIST, { s: STUDY, after }, {}, MONITOR)
      expect(body.errors).toBeUndefined()
      const page = body.data!.dataQueries as {
        edges: { node: { id: string } }[]
        pageInfo: { endCursor: string; hasNextPage: boolean }
      }
      seen.push(...page.edges.map((e) => e.node.id))
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null
    } while (after)
    expect(seen).toEqual(all.map((q) => q.id))
    const closed = await edc.post(LIST, { s: STUDY, status: ['CLOSED'] }, {}, CRC)
    expect((closed.body.data!.dataQueries as { edges: { node: { status: string; siteId: string } }[] }).edges).toEqual([
      expect.objectContaining({ node: expect.objectContaining({ status: 'CLOSED', siteId: SITE_1 }) }),
    ])
    const bad = await edc.post(LIST, { s: STUDY, after: 'not-a-cursor' }, {}, MONITOR)
    expect(code(bad.body)).toBe('BAD_USER_INPUT')
    expect(code((await edc.post(LIST, { s: STUDY }, {}, SPONSOR)).body)).toBe('FORBIDDEN')
  })

  it('gives monitors the SDV worklist of completed forms with values waiting, and nobody at the site', async () => {
    const WORKLIST = `query($s: ID!) { sdvWorklist(studyId: $s) { edges { unverifiedCount unverifiedCriticalCount node { id } } } }`
    const { body } = await edc.post(WORKLIST, { s: STUDY }, {}, MONITOR)
    expect(body.errors).toBeUndefined()
    // The baseline form is complete; its changed systolic value (critical) waits for verification again.
    expect(body.data!.sdvWorklist).toEqual({
      edges: [{ unverifiedCount: 1, unverifiedCriticalCount: 1, node: { id: formOf(BASELINE_VISIT) } }],
    })
    expect(code((await edc.post(WORKLIST, { s: STUDY }, {}, CRC)).body)).toBe('FORBIDDEN')
  })
})
