import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import type { UsersPrisma } from '../data/prismaClient'
import { usersSubgraph } from '../subgraph'
import { ANA, BEN, BULK, CARLA, DORA, EVE, PAT, RITA, STUDY_ID, seedUsersFixture, siteId, userId } from './usersFixture'

let subgraph: SubgraphUnderTest<UsersPrisma>
beforeAll(async () => {
  // A monitor of the fixture study: sees its staff.
  subgraph = await startSubgraphUnderTest(
    usersSubgraph,
    seedUsersFixture,
    {},
    identityWith({ role: 'MONITOR', studyId: STUDY_ID }),
  )
})
afterAll(() => subgraph?.stop())

const gql = (query: string, variables: Record<string, unknown> = {}) => subgraph.post(query, variables)

const USER = `query($id: ID!) { user(id: $id) { id displayName title email active roles { role grantedAt study { id } site { id } } } }`
const USER_ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id displayName roles { role site { id } } } } }`
const SITE_STAFF = `query($r: [_Any!]!, $role: Role) { _entities(representations: $r) { ... on Site { id staff(role: $role) { id displayName } } } }`

const users = (ids: string[]) => ids.map((id) => ({ __typename: 'User', id }))
const sites = (ids: string[]) => ids.map((id) => ({ __typename: 'Site', id }))

describe('Query.user', () => {
  it('returns a user with current roles in grant order', async () => {
    const { body } = await gql(USER, { id: ANA.toUpperCase() })
    expect(body.errors).toBeUndefined()
    expect(body.data!.user).toEqual({
      id: ANA,
      displayName: 'Dr. Ana Silva, MD',
      title: 'MD',
      email: 'ana.silva@example.org',
      active: true,
      roles: [
        {
          role: 'INVESTIGATOR',
          grantedAt: '2025-02-01T00:00:00.000Z',
          study: { id: STUDY_ID },
          site: { id: siteId(1) },
        },
        {
          role: 'INVESTIGATOR',
          grantedAt: '2025-03-01T00:00:00.000Z',
          study: { id: STUDY_ID },
          site: { id: siteId(2) },
        },
      ],
    })
  })

  it('gives a study-level role no site', async () => {
    const { body } = await gql(USER, { id: DORA })
    expect(body.data!.user.roles.map((r: { site: unknown }) => r.site)).toEqual([null, { id: siteId(1) }])
  })

  it('answers an unknown id with null and FORBIDDEN (the same answer as "not yours")', async () => {
    const { body } = await gql(USER, { id: userId(999) })
    expect(body.data!.user).toBeNull()
    expect(body.errors![0]!.extensions!.code).toBe('FORBIDDEN')
  })

  it('shows a patient account only to its owner, staff to those sharing a study', async () => {
    const stranger = identityWith({ role: 'CRC', studyId: '00000000-0000-4000-8000-00000000ffff', siteId: siteId(9) })
    const code = async (id: string, identity: ReturnType<typeof identityWith>) => {
      const { body } = await subgraph.post(USER, { id }, {}, identity)
      return body.data?.user?.id ?? body.errors![0]!.extensions!.code
    }
    expect(await code(PAT, subgraph.identity)).toBe('FORBIDDEN') // even a monitor of the study
    expect(await code(PAT, { ...identityWith({ role: 'PATIENT', studyId: STUDY_ID }), userId: PAT })).toBe(PAT)
    expect(await code(BEN, stranger)).toBe('FORBIDDEN')
    expect(await code(RITA, subgraph.identity)).toBe(RITA) // a former CRC of the study
  })

  // Names to whoever shares a study; email and phone to colleagues and a patient's own care team.
  it.each<[string, string, ReturnType<typeof identityWith>, boolean]>([
    ['a monitor of the study: a colleague', BEN, identityWith({ role: 'MONITOR', studyId: STUDY_ID }), true],
    [
      'a CRC of another site of the study',
      BEN,
      identityWith({ role: 'CRC', studyId: STUDY_ID, siteId: siteId(4) }),
      true,
    ],
    [
      "the patient's own care team (CRC of their site)",
      BEN,
      identityWith({ role: 'PATIENT', studyId: STUDY_ID, siteId: siteId(1) }),
      true,
    ],
    [
      "the patient's own care team (investigator of their site)",
      ANA,
      identityWith({ role: 'PATIENT', studyId: STUDY_ID, siteId: siteId(1) }),
      true,
    ],
    ['a patient of another site', BEN, identityWith({ role: 'PATIENT', studyId: STUDY_ID, siteId: siteId(2) }), false],
    [
      "a patient, about the study's data manager",
      DORA,
      identityWith({ role: 'PATIENT', studyId: STUDY_ID, siteId: siteId(1) }),
      false,
    ],
    ['a sponsor of the study', BEN, identityWith({ role: 'SPONSOR', studyId: STUDY_ID }), false],
  ])('contact details of a staff member: %s → %s', async (_label, person, identity, readable) => {
    const { body } = await subgraph.post(
      `query($id: ID!) { user(id: $id) { id displayName email phone } }`,
      { id: person },
      {},
      identity,
    )
    expect(body.data!.user).toMatchObject({ id: person, displayName: expect.any(String) })
    if (readable) {
      expect(body.data!.user.email).toMatch(/@example\.org$/)
      expect(body.errors).toBeUndefined()
    } else {
      expect(body.data!.user).toMatchObject({ email: null, phone: null })
      expect(body.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([
        [['user', 'email'], 'FORBIDDEN'],
        [['user', 'phone'], 'FORBIDDEN'],
      ])
    }
  })

  it('gives everyone their own contact details', async () => {
    const own = { ...identityWith({ role: 'SPONSOR', studyId: STUDY_ID }), userId: EVE }
    const { body } = await subgraph.post(`query($id: ID!) { user(id: $id) { email } }`, { id: EVE }, {}, own)
    expect(body.data!.user.email).toBe('eve.keller@example.org')
  })

  it('rejects a malformed id with BAD_USER_INPUT', async () => {
    const { body } = await gql(USER, { id: 'not-a-uuid' })
    expect(body.data!.user).toBeNull()
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' })
  })
})

describe('User entities', () => {
  it('resolves representations in order, null for unknown (FORBIDDEN) or malformed keys', async () => {
    const { body } = await gql(USER_ENTITIES, { r: users([BEN, userId(999), 'nope', RITA]) })
    expect(body.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([[['_entities', 1], 'FORBIDDEN']])
    expect(body.data!._entities).toEqual([
      { id: BEN, displayName: 'Ben Adams, RN', roles: [{ role: 'CRC', site: { id: siteId(1) } }] },
      null,
      null,
      // A revoked assignment is history, not a role.
      { id: RITA, displayName: 'Rita Adler, RN', roles: [] },
    ])
  })

  it('costs the same statements for 3 users as for 30', async () => {
    subgraph.statements.reset()
    expect((await gql(USER_ENTITIES, { r: users(BULK.slice(0, 3)) })).body.errors).toBeUndefined()
    const forThree = subgraph.statements.count
    subgraph.statements.reset()
    const { body } = await gql(USER_ENTITIES, { r: users(BULK) })
    expect(body.data!._entities).toHaveLength(30)
    expect(subgraph.statements.count).toBe(forThree)
    expect(forThree).toBeLessThanOrEqual(3) // users, their roles ever held (access), current roles
  })
})

describe('Site.staff', () => {
  it('lists active staff by role then family name, without patients, revoked or inactive accounts', async () => {
    const { body } = await gql(SITE_STAFF, { r: sites([siteId(1)]) })
    expect(body.errors).toBeUndefined()
    expect(body.data!._entities[0].staff).toEqual([
      { id: ANA, displayName: 'Dr. Ana Silva, MD' },
      { id: BEN, displayName: 'Ben Adams, RN' },
      { id: CARLA, displayName: 'Carla Zimmer' },
      { id: DORA, displayName: 'Dora Brandt' },
      { id: EVE, displayName: 'Eve Keller, PhD' },
    ])
    expect(JSON.stringify(body.data)).not.toContain(PAT)
  })

  it.each([
    ['CRC', [BEN, CARLA]],
    ['DATA_MANAGER', [DORA, CARLA]],
    ['PATIENT', []],
  ])('narrows to one role: %s', async (role, expected) => {
    const { body } = await gql(SITE_STAFF, { r: sites([siteId(1)]), role })
    expect(body.data!._entities[0].staff.map((u: { id: string }) => u.id)).toEqual(expected)
  })

  it('gives an unknown site no staff and a malformed site id no site', async () => {
    const { body } = await gql(SITE_STAFF, { r: sites([siteId(999), 'nope']) })
    expect(body.errors).toBeUndefined()
    expect(body.data!._entities).toEqual([{ id: siteId(999), staff: [] }, null])
  })

  it('costs the same statements for 2 sites as for 6', async () => {
    subgraph.statements.reset()
    await gql(SITE_STAFF, { r: sites([siteId(1), siteId(3)]) })
    const forTwo = subgraph.statements.count
    subgraph.statements.reset()
    const { body } = await gql(SITE_STAFF, { r: sites([1, 2, 3, 4, 5, 6].map(siteId)) })
    expect(body.data!._entities.map((s: { staff: unknown[] }) => s.staff.length)).toEqual([5, 1, 8, 8, 7, 7])
    expect(subgraph.statements.count).toBe(forTwo)
    // The sites' study (access), the assignments and, for the `include`, their users.
    expect(forTwo).toBeLessThanOrEqual(3)
  })
})
