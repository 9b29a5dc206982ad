import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import type { Identity } from '../../../contracts/identity'
import type { UsersPrisma } from '../data/prismaClient'
import type { UsersRuntime } from '../auth/usersRuntime'
import { usersSubgraph } from '../subgraph'
import { hashPassword } from '../auth/passwordHash'
import { ANA, BULK, STUDY_ID, seedUsersFixture, siteId } from './usersFixture'

// Reading an account's audit trail through the graph: the user themselves, and data managers and
// monitors of a study (or site) the user holds a role in; anyone else gets no trail and FORBIDDEN.
jest.setTimeout(60_000)

const PASSWORD = 'correct horse battery staple'
const OTHER_STUDY = 'cccccccc-0000-4000-8000-000000000099'
let subgraph: SubgraphUnderTest<UsersPrisma, UsersRuntime>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(usersSubgraph, async (prisma) => {
    await seedUsersFixture(prisma)
    await prisma.credential.create({ data: { userId: ANA, passwordHash: await hashPassword(PASSWORD) } })
  })
  // Ana signs in, fails once, refreshes, signs out: a trail on her User and on her session.
  const anonymous = (query: string, variables: Record<string, unknown>) => subgraph.post(query, variables, {}, null)
  const signIn = 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { refreshToken } }'
  await anonymous(signIn, { e: 'ana.silva@example.org', p: 'not her password' })
  const token = (await anonymous(signIn, { e: 'ana.silva@example.org', p: PASSWORD })).body.data!.signIn.refreshToken
  const next = (
    await anonymous('mutation($t: String!) { refreshSession(refreshToken: $t) { refreshToken } }', { t: token })
  ).body.data!.refreshSession.refreshToken
  await anonymous('mutation($t: String!) { signOut(refreshToken: $t) }', { t: next })
})
afterAll(() => subgraph?.stop())

const TRAIL =
  'query($id: ID!) { user(id: $id) { id auditTrail { sequence occurredAt actor { id displayName } actorRole operation entityType entityId field oldValue newValue requestId } } }'
const ana = (identity: Identity) => ({ userId: ANA, sessionId: identity.sessionId, grants: identity.grants })

describe('allowed', () => {
  it.each<[string, Identity]>([
    ['Ana herself', ana(identityWith())],
    ['a data manager of her study', identityWith({ role: 'DATA_MANAGER', studyId: STUDY_ID })],
    ['a monitor of one of her sites', identityWith({ role: 'MONITOR', studyId: STUDY_ID, siteId: siteId(2) })],
  ])('%s reads her trail in order: sign-ins, a failed one, the session refreshed and ended', async (_label, who) => {
    const { body } = await subgraph.post(TRAIL, { id: ANA }, {}, who)
    expect(body.errors).toBeUndefined()
    const trail = body.data!.user.auditTrail as {
      sequence: string
      actor: { id: string; displayName: string } | null
      actorRole: string
      operation: string
      entityType: string
      newValue: string | null
      requestId: string
    }[]
    expect(trail.map((e) => [e.operation, e.entityType, e.actor?.id ?? null, e.actorRole])).toEqual([
      ['SIGN_IN_FAILED', 'User', null, 'ANONYMOUS'],
      ['SIGN_IN', 'User', ANA, 'INVESTIGATOR'],
      ['SESSION_REFRESHED', 'UserSession', ANA, 'INVESTIGATOR'],
      ['SIGN_OUT', 'UserSession', ANA, 'INVESTIGATOR'],
    ])
    expect(trail.map((e) => BigInt(e.sequence))).toEqual(
      trail.map((e) => BigInt(e.sequence)).sort((a, b) => (a < b ? -1 : 1)),
    )
    expect(trail[1]!.actor!.displayName).toBe('Dr. Ana Silva, MD')
    expect(JSON.parse(trail[0]!.newValue!)).toEqual({ reason: 'wrong-password', failures: 1, lockedUntil: null })
    expect(trail.every((e) => e.requestId.length > 0)).toBe(true)
  })
})

describe('denied: no trail, FORBIDDEN', () => {
  it.each<[string, Identity]>([
    ['a CRC of her site', identityWith({ role: 'CRC', studyId: STUDY_ID, siteId: siteId(1) })],
    ['an investigator of her site', identityWith({ role: 'INVESTIGATOR', studyId: STUDY_ID, siteId: siteId(1) })],
    ["the study's sponsor", identityWith({ role: 'SPONSOR', studyId: STUDY_ID })],
    [
      'a patient of her site',
      identityWith({
        role: 'PATIENT',
        studyId: STUDY_ID,
        siteId: siteId(1),
        patientId: 'eeeeeeee-0000-4000-8000-000000000001',
      }),
    ],
    [
      'a monitor of a site she does not work at',
      identityWith({ role: 'MONITOR', studyId: STUDY_ID, siteId: siteId(3) }),
    ],
    ['a data manager of another study', identityWith({ role: 'DATA_MANAGER', studyId: OTHER_STUDY })],
  ])('%s', async (_label, who) => {
    const { body } = await subgraph.post(TRAIL, { id: ANA }, {}, who)
    expect(body.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN')
    expect(body.data?.user?.auditTrail ?? null).toBeNull()
  })
})

it('the trails of a list of users cost a fixed number of statements, however many users', async () => {
  const query = (trail: boolean) =>
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id ${trail ? 'auditTrail { operation actor { id } }' : ''} } } }`
  const dataManager = identityWith({ role: 'DATA_MANAGER', studyId: STUDY_ID })
  const extraStatements = async (ids: string[]) => {
    const variables = { r: ids.map((id) => ({ __typename: 'User', id })) }
    subgraph.statements.reset()
    expect((await subgraph.post(query(false), variables, {}, dataManager)).body.errors).toBeUndefined()
    const base = subgraph.statements.count
    subgraph.statements.reset()
    const { body } = await subgraph.post(query(true), variables, {}, dataManager)
    expect(body.errors).toBeUndefined()
    return subgraph.statements.count - base
  }
  const one = await extraStatements([ANA])
  expect(one).toBeLessThanOrEqual(3) // the users' study and site roles, their sessions, their events
  expect(await extraStatements([ANA, ...BULK])).toBe(one)
})
