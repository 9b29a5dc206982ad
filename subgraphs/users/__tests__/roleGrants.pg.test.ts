import { decodeJwt } from 'jose'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { gatewayHeaders, identityWith } from '../../../test/support/gatewayCredentials'
import { GRANTS_VERSIONS_PATH } from '../../../contracts/grantsVersions'
import type { Identity } from '../../../contracts/identity'
import type { UsersPrisma } from '../data/prismaClient'
import type { UsersRuntime } from '../auth/usersRuntime'
import { usersSubgraph } from '../subgraph'
import { BEN, PAT, STUDY_ID, seedUsersFixture, siteId } from './usersFixture'

// Staff administration on real Postgres through the subgraph's HTTP server: invitations and their
// one-time tokens, grants and revocations with their audit rows, grants versions and the response
// extension the gateway reads, and who may do each.
jest.setTimeout(60_000)

const OTHER_STUDY = 'cccccccc-0000-4000-8000-000000000002'
const manager = identityWith({ role: 'STUDY_MANAGER', studyId: STUDY_ID })
const organisationManager = identityWith({ role: 'STUDY_MANAGER', studyId: null })
const otherStudyManager = identityWith({ role: 'STUDY_MANAGER', studyId: OTHER_STUDY })
const crc = identityWith({ role: 'CRC', studyId: STUDY_ID, siteId: siteId(1) })

let subgraph: SubgraphUnderTest<UsersPrisma, UsersRuntime>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(usersSubgraph, seedUsersFixture)
})
afterAll(() => subgraph?.stop())

const INVITE = `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { user { id active } activationToken expiresAt } }`
const ACCEPT = `mutation($t: String!, $p: String!) { acceptInvitation(token: $t, password: $p) { accessToken user { id active } } }`
const GRANT = `mutation($input: GrantRoleInput!) { grantRole(input: $input) { id role study { id } site { id } revokedAt } }`
const REVOKE = `mutation($id: ID!, $r: String!) { revokeRole(roleAssignmentId: $id, reason: $r) { id revokedAt } }`
const PASSWORD = 'a long enough passphrase'

let emails = 0
const invite = (as: Identity, studyId = STUDY_ID, email = `new.person${++emails}@example.org`) =>
  subgraph.post(INVITE, { input: { studyId, email, givenName: 'New', familyName: 'Person' } }, {}, as)
const grant = (as: Identity, input: Record<string, unknown>) =>
  subgraph.post(GRANT, { input: { studyId: STUDY_ID, ...input } }, {}, as)
const codeOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions?.code
const extensionsOf = (body: object) => (body as { extensions?: Record<string, unknown> }).extensions
const trailOf = (userId: string) =>
  subgraph.prisma.auditEvent.findMany({ where: { entityType: 'User', entityId: userId }, orderBy: { sequence: 'asc' } })
const versionOf = async (userId: string) =>
  Number((await subgraph.prisma.user.findUniqueOrThrow({ where: { id: userId } })).grantsVersion)

describe('inviteStaff and acceptInvitation', () => {
  it('creates an inactive account with a one-time token whose SHA-256 alone is stored, audited without it', async () => {
    const { body } = await invite(manager)
    expect(body.errors).toBeUndefined()
    const { user, activationToken, expiresAt } = body.data!.inviteStaff
    expect(user.active).toBe(false)
    expect(activationToken).toMatch(/^[\w-]{43}$/)
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000)
    const [invitation] = await subgraph.prisma.staffInvitation.findMany({ where: { userId: user.id } })
    expect(invitation!.tokenHash).toMatch(/^[0-9a-f]{64}$/)
    expect(invitation!.tokenHash).not.toContain(activationToken)
    const trail = await trailOf(user.id)
    expect(trail.map((e) => [e.operation, e.actorUserId, e.actorRole])).toEqual([
      ['INVITATION_ISSUED', manager.userId, 'STUDY_MANAGER'],
    ])
    const values = (await subgraph.prisma.auditEvent.findMany()).map((e) => [e.oldValue, e.newValue])
    expect(JSON.stringify(values)).not.toContain(activationToken)
  })

  it('is refused to anyone but a study manager of the study (or of the organisation), and for a known address', async () => {
    for (const as of [crc, otherStudyManager]) expect(codeOf((await invite(as)).body)).toBe('FORBIDDEN')
    expect((await invite(organisationManager)).body.errors).toBeUndefined()
    expect(codeOf((await invite(manager, STUDY_ID, 'Ben.Adams@example.org')).body)).toBe('EMAIL_TAKEN')
  })

  it('activates the account once, signs it in and audits the acceptance', async () => {
    const { activationToken, user } = (await invite(manager)).body.data!.inviteStaff
    const short = await subgraph.post(ACCEPT, { t: activationToken, p: 'short' }, {}, null)
    expect(codeOf(short.body)).toBe('BAD_USER_INPUT')
    const { body } = await subgraph.post(ACCEPT, { t: activationToken, p: PASSWORD }, {}, null)
    expect(body.errors).toBeUndefined()
    expect(body.data!.acceptInvitation.user).toEqual({ id: user.id, active: true })
    expect(decodeJwt(body.data!.acceptInvitation.accessToken)).toMatchObject({ sub: user.id, grants: [], gv: 0 })
    const again = await subgraph.post(ACCEPT, { t: activationToken, p: PASSWORD }, {}, null)
    expect(codeOf(again.body)).toBe('INVALID_INVITATION')
    expect((await trailOf(user.id)).map((e) => [e.operation, e.actorUserId])).toEqual([
      ['INVITATION_ISSUED', manager.userId],
      ['INVITATION_ACCEPTED', user.id],
      ['SIGN_IN', user.id],
    ])
  })

  it('refuses an expired or unknown token with the same answer', async () => {
    const { activationToken, user } = (await invite(manager)).body.data!.inviteStaff
    await subgraph.prisma.staffInvitation.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date() } })
    for (const t of [activationToken, 'not-a-token']) {
      const { body } = await subgraph.post(ACCEPT, { t, p: PASSWORD }, {}, null)
      expect(codeOf(body)).toBe('INVALID_INVITATION')
    }
    expect((await subgraph.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).active).toBe(false)
  })
})

describe('grantRole and revokeRole', () => {
  it('grants with an audit row, a grants version bump and the extension for the gateway; again: the same row, nothing new', async () => {
    const before = await versionOf(BEN)
    const first = await grant(manager, { userId: BEN, role: 'CRC', siteId: siteId(2), reason: 'covers site 2' })
    expect(first.body.errors).toBeUndefined()
    const assignment = first.body.data!.grantRole
    expect(assignment).toMatchObject({ role: 'CRC', study: { id: STUDY_ID }, site: { id: siteId(2) }, revokedAt: null })
    expect(await versionOf(BEN)).toBe(before + 1)
    expect(extensionsOf(first.body)).toEqual({ grantsChanged: [{ userId: BEN, version: before + 1 }] })
    const granted = (await trailOf(BEN)).filter((e) => e.operation === 'ROLE_GRANTED')
    expect(granted).toHaveLength(1)
    expect(granted[0]).toMatchObject({ actorUserId: manager.userId, reasonForChange: 'covers site 2' })
    expect(granted[0]!.newValue).toMatchObject({ roleAssignmentId: assignment.id, role: 'CRC', siteId: siteId(2) })

    const again = await grant(manager, { userId: BEN, role: 'CRC', siteId: siteId(2) })
    expect(again.body.data!.grantRole.id).toBe(assignment.id)
    expect(extensionsOf(again.body)).toBeUndefined()
    expect(await versionOf(BEN)).toBe(before + 1)
    expect((await trailOf(BEN)).filter((e) => e.operation === 'ROLE_GRANTED')).toHaveLength(1)
  })

  it('concurrent identical grants leave one live row and one audit row', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => grant(manager, { userId: BEN, role: 'MONITOR', siteId: siteId(3) })),
    )
    expect(new Set(results.map((r) => r.body.data?.grantRole.id)).size).toBe(1)
    const rows = await subgraph.prisma.roleAssignment.findMany({ where: { userId: BEN, role: 'MONITOR' } })
    expect(rows).toHaveLength(1)
    const audited = (await trailOf(BEN)).filter((e) => (e.newValue as { role?: string })?.role === 'MONITOR')
    expect(audited).toHaveLength(1)
  })

  it('the database refuses a second live grant of the same role and scope', async () => {
    const live = await subgraph.prisma.roleAssignment.findFirstOrThrow({ where: { userId: BEN, role: 'MONITOR' } })
    await expect(
      subgraph.prisma.roleAssignment.create({ data: { ...live, id: crypto.randomUUID() } }),
    ).rejects.toMatchObject({ code: 'P2002' })
  })

  it.each([
    ['a CRC', crc, 'CRC'],
    ['a study manager of another study', otherStudyManager, 'CRC'],
    ['a study manager making a study manager', manager, 'STUDY_MANAGER'],
    ['a study manager making a patient account', manager, 'PATIENT'],
  ] as const)('refuses %s (FORBIDDEN, nothing written)', async (_who, as, role) => {
    const before = await versionOf(BEN)
    const { body } = await grant(as, { userId: BEN, role, siteId: siteId(4) })
    expect(codeOf(body)).toBe('FORBIDDEN')
    expect(await versionOf(BEN)).toBe(before)
  })

  it("never grants EXPORT_READER, an export job's role: no such value of the API's Role, nothing written", async () => {
    const before = await versionOf(BEN)
    const { body } = await grant(organisationManager, { userId: BEN, role: 'EXPORT_READER' })
    expect(body.data).toBeUndefined()
    expect(body.errors?.[0]?.message).toMatch(/Value "EXPORT_READER" does not exist in "Role" enum/)
    expect(await versionOf(BEN)).toBe(before)
  })

  it('never makes a patient account staff', async () => {
    const { body } = await grant(manager, { userId: PAT, role: 'CRC', siteId: siteId(1) })
    expect(codeOf(body)).toBe('FORBIDDEN')
    expect(await subgraph.prisma.roleAssignment.count({ where: { userId: PAT, role: 'CRC' } })).toBe(0)
  })

  it('lets only an organisation-level study manager make a study manager, and nobody change their own roles', async () => {
    expect((await grant(organisationManager, { userId: BEN, role: 'STUDY_MANAGER' })).body.errors).toBeUndefined()
    const self = { ...manager, userId: BEN }
    expect(codeOf((await grant(self, { userId: BEN, role: 'SPONSOR' })).body)).toBe('FORBIDDEN')
  })

  it('revokes with the reason, audited, bumping the version; again: unchanged; then the role can be granted anew', async () => {
    const { id } = (await grant(manager, { userId: BEN, role: 'DATA_MANAGER' })).body.data!.grantRole
    expect(codeOf((await subgraph.post(REVOKE, { id, r: '  ' }, {}, manager)).body)).toBe('BAD_USER_INPUT')
    expect(codeOf((await subgraph.post(REVOKE, { id, r: 'left' }, {}, crc)).body)).toBe('FORBIDDEN')
    const before = await versionOf(BEN)
    const { body } = await subgraph.post(REVOKE, { id, r: 'left the study' }, {}, manager)
    expect(body.data!.revokeRole.revokedAt).not.toBeNull()
    expect(extensionsOf(body)).toEqual({ grantsChanged: [{ userId: BEN, version: before + 1 }] })
    const row = await subgraph.prisma.roleAssignment.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({ revokedBy: manager.userId, revokeReason: 'left the study' })
    const revoked = (await trailOf(BEN)).filter((e) => e.operation === 'ROLE_REVOKED')
    expect(revoked).toHaveLength(1)
    expect(revoked[0]).toMatchObject({ actorUserId: manager.userId, reasonForChange: 'left the study' })

    const again = await subgraph.post(REVOKE, { id, r: 'again' }, {}, manager)
    expect(again.body.data!.revokeRole.revokedAt).toBe(body.data!.revokeRole.revokedAt)
    expect(await versionOf(BEN)).toBe(before + 1)
    const anew = await grant(manager, { userId: BEN, role: 'DATA_MANAGER' })
    expect(anew.body.data!.grantRole.id).not.toBe(id)
  })

  it('answers the gateway the current grants versions, and only the gateway', async () => {
    const url = new URL(GRANTS_VERSIONS_PATH, subgraph.url).toString()
    const ask = (headers: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ userIds: [BEN, crypto.randomUUID()] }),
      })
    const answer = await ask(await gatewayHeaders('users', null))
    expect(await answer.json()).toEqual({ versions: { [BEN]: await versionOf(BEN) } })
    expect((await ask({})).status).toBe(401)
  })
})
