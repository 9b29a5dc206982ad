import { patientsSubgraph } from '../subgraph'
import type { PatientsPrisma } from '../data/prismaClient'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'

// The patients subgraph on real Postgres: root fields, entity references, the site page, errors,
// and a constant number of SQL statements however many patients a request touches.
const SITE_A = '5a000000-0000-4000-8000-00000000000a'
const SITE_B = '5b000000-0000-4000-8000-00000000000b'
const STUDY = '57000000-0000-4000-8000-000000000001'
const CRC = 'c0000000-0000-4000-8000-000000000001'
const patientId = (n: number) => `9a000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const subjectNumber = (site: string, n: number) => `ONC-3017-${site}-${String(n).padStart(4, '0')}`

async function seed(prisma: PatientsPrisma) {
  const patients = Array.from({ length: 40 }, (_, i) => ({
    id: patientId(i + 1),
    subjectNumber: subjectNumber(i < 30 ? '101' : '102', i + 1),
    studyId: STUDY,
    siteId: i < 30 ? SITE_A : SITE_B,
    enrollmentStatus: i % 10 === 9 ? ('SCREEN_FAILED' as const) : ('ENROLLED' as const),
    screeningDate: new Date('2026-01-05T00:00:00Z'),
    enrollmentDate: i % 10 === 9 ? null : new Date('2026-01-20T00:00:00Z'),
    yearOfBirth: 1950 + i,
    sex: i % 2 ? ('FEMALE' as const) : ('MALE' as const),
    enrollingInvestigatorId: null,
    assignedCrcId: i % 3 ? CRC : null,
  }))
  await prisma.patient.createMany({ data: patients })
  await prisma.visit.createMany({
    data: patients.flatMap((p, i) => [
      {
        id: `9b000000-0000-4000-8000-${String(i * 2 + 1).padStart(12, '0')}`,
        patientId: p.id,
        visitNumber: 1,
        name: 'Screening',
        visitType: 'SCREENING' as const,
        scheduledDate: new Date('2026-01-05T00:00:00Z'),
        actualDate: new Date('2026-01-05T00:00:00Z'),
        status: 'COMPLETED' as const,
      },
      {
        id: `9b000000-0000-4000-8000-${String(i * 2 + 2).padStart(12, '0')}`,
        patientId: p.id,
        visitNumber: 2,
        name: 'Week 52',
        visitType: 'FOLLOW_UP' as const,
        scheduledDate: new Date('2099-01-01T00:00:00Z'),
        actualDate: null,
        status: 'SCHEDULED' as const,
      },
    ]),
  })
}

let subgraph: SubgraphUnderTest<PatientsPrisma>
beforeAll(async () => {
  // A data manager of the study: sees both sites' subjects.
  subgraph = await startSubgraphUnderTest(
    patientsSubgraph,
    seed,
    {},
    identityWith({ role: 'DATA_MANAGER', studyId: STUDY }),
  )
})
afterAll(async () => {
  await subgraph?.stop()
})
const gql = (query: string, variables?: Record<string, unknown>) => subgraph.post(query, variables)

describe('root fields', () => {
  it('patient(id) returns the subject with references to other contexts', async () => {
    const { body } = await gql(
      `query($id: ID!) { patient(id: $id) { subjectNumber enrollmentStatus demographics { yearOfBirth sex } site { id } study { id } assignedCrc { id } visits { visitNumber status } nextVisit { name } } }`,
      { id: patientId(2) },
    )
    expect(body.errors).toBeUndefined()
    expect(body.data!.patient).toEqual({
      subjectNumber: 'ONC-3017-101-0002',
      enrollmentStatus: 'ENROLLED',
      demographics: { yearOfBirth: 1951, sex: 'FEMALE' },
      site: { id: SITE_A },
      study: { id: STUDY },
      assignedCrc: { id: CRC },
      visits: [
        { visitNumber: 1, status: 'COMPLETED' },
        { visitNumber: 2, status: 'SCHEDULED' },
      ],
      nextVisit: { name: 'Week 52' },
    })
  })

  it('patientBySubjectNumber is case-insensitive', async () => {
    const { body } = await gql(`{ patientBySubjectNumber(subjectNumber: "onc-3017-102-0031") { id } }`)
    expect(body.data!.patientBySubjectNumber).toEqual({ id: patientId(31) })
  })

  it.each([
    ['patient(id: "00000000-0000-4000-8000-000000000000")', 'FORBIDDEN'], // no such patient: the same answer as "not yours"
    ['patient(id: "42")', 'BAD_USER_INPUT'],
    ['patientBySubjectNumber(subjectNumber: "ONC-3017-101-9999")', 'FORBIDDEN'],
    ['patientBySubjectNumber(subjectNumber: "DROP TABLE;")', 'BAD_USER_INPUT'],
  ])('%s → null and %s', async (field, code) => {
    const { status, body } = await gql(`{ result: ${field} { id } }`)
    expect(status).toBe(200)
    expect(body.data!.result).toBeNull()
    expect(body.errors![0]!.extensions!.code).toBe(code)
  })
})

describe('who may see which subject', () => {
  const crcOfSiteA = identityWith({ role: 'CRC', studyId: STUDY, siteId: SITE_A })
  const cases: [string, ReturnType<typeof identityWith>, boolean, boolean][] = [
    ['a CRC of site A', crcOfSiteA, true, false],
    ['a monitor narrowed to site B', identityWith({ role: 'MONITOR', studyId: STUDY, siteId: SITE_B }), false, true],
    ['the sponsor (blinded)', identityWith({ role: 'SPONSOR', studyId: STUDY }), false, false],
    [
      'patient 1 (themselves)',
      identityWith({ role: 'PATIENT', studyId: STUDY, siteId: SITE_A, patientId: patientId(1) }),
      true,
      false,
    ],
    [
      'a CRC of another study',
      identityWith({ role: 'CRC', studyId: '57000000-0000-4000-8000-000000000099', siteId: SITE_A }),
      false,
      false,
    ],
  ]
  it.each(cases)(
    '%s: patient 1 (site A) %s, patient 31 (site B) %s — by root field and by _entities',
    async (_who, identity, seesA, seesB) => {
      for (const [id, sees] of [
        [patientId(1), seesA],
        [patientId(31), seesB],
      ] as const) {
        const root = await subgraph.post(
          'query($id: ID!) { patient(id: $id) { id visits { id } } }',
          { id },
          {},
          identity,
        )
        expect(root.body.data?.patient?.id ?? root.body.errors![0]!.extensions!.code).toBe(sees ? id : 'FORBIDDEN')
        const entity = await subgraph.post(
          'query($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { id } } }',
          { r: [{ __typename: 'Patient', id }] },
          {},
          identity,
        )
        expect(entity.body.data!._entities[0]?.id ?? entity.body.errors![0]!.extensions!.code).toBe(
          sees ? id : 'FORBIDDEN',
        )
      }
    },
  )

  it("gives a site's patient list to its staff and the study's, not to sponsors or patients", async () => {
    const list = (identity: ReturnType<typeof identityWith>, site: string) =>
      subgraph.post(
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Site { patients(first: 5) { totalCount } } } }',
        { r: [{ __typename: 'Site', id: site }] },
        {},
        identity,
      )
    expect((await list(crcOfSiteA, SITE_A)).body.data!._entities[0].patients.totalCount).toBe(30)
    for (const [identity, site] of [
      [crcOfSiteA, SITE_B],
      [identityWith({ role: 'SPONSOR', studyId: STUDY }), SITE_A],
      [identityWith({ role: 'PATIENT', studyId: STUDY, siteId: SITE_A, patientId: patientId(1) }), SITE_A],
    ] as const) {
      const { body } = await list(identity, site)
      expect(body.data!._entities[0]?.patients ?? null).toBeNull()
      expect(body.errors![0]!.extensions!.code).toBe('FORBIDDEN')
    }
  })
})

describe('entities', () => {
  it('resolves Patient by id and by subject number; malformed keys resolve to null, unknown ones to null with FORBIDDEN', async () => {
    const { body } = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { id subjectNumber } } }`,
      {
        r: [
          { __typename: 'Patient', id: patientId(1) },
          { __typename: 'Patient', subjectNumber: 'ONC-3017-102-0035' },
          { __typename: 'Patient', id: '00000000-0000-4000-8000-000000000000' },
          { __typename: 'Patient', id: 'garbage' },
        ],
      },
    )
    expect(body.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([[['_entities', 2], 'FORBIDDEN']])
    expect(body.data!._entities).toEqual([
      { id: patientId(1), subjectNumber: 'ONC-3017-101-0001' },
      { id: patientId(35), subjectNumber: 'ONC-3017-102-0035' },
      null,
      null,
    ])
  })

  it('pages Site.patients by cursor with a total count and a status filter', async () => {
    const page = `query($r: [_Any!]!, $after: String, $status: EnrollmentStatus) { _entities(representations: $r) { ... on Site { patients(first: 12, after: $after, status: $status) { totalCount pageInfo { hasNextPage endCursor } edges { node { subjectNumber } } } } } }`
    const first = (await gql(page, { r: [{ __typename: 'Site', id: SITE_A }] })).body.data!._entities[0].patients
    expect(first.totalCount).toBe(30)
    expect(first.edges.map((e: any) => e.node.subjectNumber)).toEqual(
      Array.from({ length: 12 }, (_, i) => subjectNumber('101', i + 1)),
    )
    const second = (await gql(page, { r: [{ __typename: 'Site', id: SITE_A }], after: first.pageInfo.endCursor })).body
      .data!._entities[0].patients
    expect(second.edges[0].node.subjectNumber).toBe(subjectNumber('101', 13))
    const failed = (await gql(page, { r: [{ __typename: 'Site', id: SITE_A }], status: 'SCREEN_FAILED' })).body.data!
      ._entities[0].patients
    expect(failed.totalCount).toBe(3)
    expect(failed.pageInfo.hasNextPage).toBe(false)
  })
})

describe('SQL statements per request', () => {
  const fullRows = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { subjectNumber visits { name } nextVisit { name } } } }`

  it('do not grow with the number of patients', async () => {
    const reps = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: 'Patient', id: patientId(i + 1) }))
    subgraph.statements.reset()
    await gql(fullRows, { r: reps(3) })
    const forThree = subgraph.statements.count
    subgraph.statements.reset()
    await gql(fullRows, { r: reps(40) })
    expect(subgraph.statements.count).toBe(forThree)
    expect(forThree).toBe(2) // patients by id, then their visits
  })

  it('site pages of several sites share their statements', async () => {
    const sites = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Site { patients(first: 5) { totalCount edges { node { id } } } } } }`
    subgraph.statements.reset()
    const { body } = await gql(sites, {
      r: [
        { __typename: 'Site', id: SITE_A },
        { __typename: 'Site', id: SITE_B },
      ],
    })
    expect(body.data!._entities.map((s: any) => s.patients.totalCount)).toEqual([30, 10])
    expect(subgraph.statements.count).toBe(4) // the sites' study (access), page ids (LATERAL), page rows, counts
  })

  it('rejects page sizes outside 1..100 before any SQL', async () => {
    subgraph.statements.reset()
    const { body } = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Site { patients(first: 101) { totalCount } } } }`,
      { r: [{ __typename: 'Site', id: SITE_A }] },
    )
    expect(body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT')
    expect(subgraph.statements.count).toBe(0)
  })
})

describe('deadlines from the gateway', () => {
  it('refuses work whose deadline has already passed, before any SQL', async () => {
    subgraph.statements.reset()
    const { status, body } = await subgraph.post(
      `{ patient(id: "${patientId(1)}") { id } }`,
      {},
      { 'x-deadline-ms': '0' },
    )
    expect(status).toBe(200)
    expect(body.errors![0]!.extensions!.code).toBe('DEADLINE_EXCEEDED')
    expect(subgraph.statements.count).toBe(0)
  })

  it('serves work inside its deadline, and rejects a malformed deadline header with 400', async () => {
    expect(
      (await subgraph.post(`{ patient(id: "${patientId(1)}") { id } }`, {}, { 'x-deadline-ms': '500' })).body.data!
        .patient,
    ).toEqual({ id: patientId(1) })
    expect((await subgraph.post('{ __typename }', {}, { 'x-deadline-ms': 'later' })).status).toBe(400)
  })
})
