import crypto from 'node:crypto'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { TEST_AUTH_SECRET } from '../../../test/support/gatewayCredentials'
import { assertionKey, signGatewayAssertion } from '../../../contracts/gatewayAssertion'
import { SERVICE_ASSERTION_HEADER, signServiceAssertion } from '../../../contracts/serviceAssertion'
import { EXPORT_CREDENTIAL_PATH, type ExportCredentialRequest } from '../../../contracts/exportCredential'
import type { UsersPrisma } from '../data/prismaClient'
import type { UsersRuntime } from '../auth/usersRuntime'
import { usersSubgraph } from '../subgraph'
import { BEN, CARLA, DORA, EVE, STUDY_ID, seedUsersFixture, userId } from './usersFixture'

// The export-credential route on real Postgres through the real HTTP server: a credential for the
// exports service only, for a live session of an active person who may export the study — one
// EXPORT_READER grant at the person's current grants version — and every issue audited.
jest.setTimeout(60_000)

const OTHER_STUDY = 'cccccccc-0000-4000-8000-000000000002'
const SAM = userId(20) // SPONSOR of the study
const RUTH = userId(21) // DATA_MANAGER of the study, revoked
const VERA = userId(22) // DATA_MANAGER of the study, account deactivated
const OTTO = userId(23) // DATA_MANAGER of another study
const session = (n: number) => `ffffffff-0000-4000-8000-${String(n).padStart(12, '0')}`
const SESSIONS = {
  dora: session(1),
  sam: session(2),
  carla: session(3),
  eve: session(4),
  ben: session(5),
  ruth: session(6),
  vera: session(7),
  otto: session(8),
  doraSignedOut: session(9),
  doraExpired: session(10),
}
const DORA_GRANTS_VERSION = 3

let subgraph: SubgraphUnderTest<UsersPrisma, UsersRuntime>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(usersSubgraph, async (prisma) => {
    await seedUsersFixture(prisma)
    const person = (id: string, name: string, active = true) => ({
      id,
      email: `${name}@example.org`,
      givenName: name,
      familyName: 'Fixture',
      active,
    })
    await prisma.user.createMany({
      data: [person(SAM, 'sam'), person(RUTH, 'ruth'), person(VERA, 'vera', false), person(OTTO, 'otto')],
    })
    const grant = (n: number, uid: string, role: 'SPONSOR' | 'DATA_MANAGER', studyId = STUDY_ID) => ({
      id: `dddddddd-0000-4000-8000-${String(900 + n).padStart(12, '0')}`,
      userId: uid,
      role,
      studyId,
      siteId: null,
    })
    await prisma.roleAssignment.createMany({
      data: [
        grant(1, SAM, 'SPONSOR'),
        { ...grant(2, RUTH, 'DATA_MANAGER'), revokedAt: new Date('2025-06-01T00:00:00Z') },
        grant(3, VERA, 'DATA_MANAGER'),
        grant(4, OTTO, 'DATA_MANAGER', OTHER_STUDY),
      ],
    })
    await prisma.user.update({ where: { id: DORA }, data: { grantsVersion: DORA_GRANTS_VERSION } })
    const live = new Date(Date.now() + 3600_000)
    const sessionRow = (id: string, uid: string, extra: object = {}) => ({
      id,
      userId: uid,
      refreshTokenHash: crypto.randomBytes(16).toString('hex'),
      expiresAt: live,
      ...extra,
    })
    await prisma.userSession.createMany({
      data: [
        sessionRow(SESSIONS.dora, DORA),
        sessionRow(SESSIONS.sam, SAM),
        sessionRow(SESSIONS.carla, CARLA),
        sessionRow(SESSIONS.eve, EVE),
        sessionRow(SESSIONS.ben, BEN),
        sessionRow(SESSIONS.ruth, RUTH),
        sessionRow(SESSIONS.vera, VERA),
        sessionRow(SESSIONS.otto, OTTO),
        sessionRow(SESSIONS.doraSignedOut, DORA, { revokedAt: new Date(), revokedReason: 'signed out' }),
        sessionRow(SESSIONS.doraExpired, DORA, { expiresAt: new Date(Date.now() - 1000) }),
      ],
    })
  })
})
afterAll(() => subgraph?.stop())

const key = assertionKey(TEST_AUTH_SECRET)
const fromExports = async () => ({ [SERVICE_ASSERTION_HEADER]: await signServiceAssertion(key, 'exports', 'users') })
const request = (over: Partial<ExportCredentialRequest> = {}): ExportCredentialRequest => ({
  jobId: crypto.randomUUID(),
  userId: DORA,
  sessionId: SESSIONS.dora,
  studyId: STUDY_ID,
  profile: 'sponsor',
  ...over,
})
async function ask(body: unknown, headers: Record<string, string> | null = null) {
  const response = await fetch(subgraph.url.replace('/graphql', EXPORT_CREDENTIAL_PATH), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(headers ?? (await fromExports())) },
    body: JSON.stringify(body),
  })
  return {
    status: response.status,
    body: (await response.json()) as {
      accessToken?: string
      expiresAt?: string
      errors?: { message: string; extensions: { code: string } }[]
    },
  }
}
const refusal = (status: number, code: string, message: RegExp | string) => ({
  status,
  body: { errors: [{ message: expect.stringMatching(message), extensions: { code } }] },
})

describe('issued', () => {
  it.each([
    ['a study-level data manager', DORA, SESSIONS.dora, DORA_GRANTS_VERSION],
    ['a sponsor of the study', SAM, SESSIONS.sam, 0],
  ])(
    'for %s in a live session: an access token for that person and session, with one EXPORT_READER grant at the current grants version',
    async (_who, uid, sessionId, gv) => {
      const { status, body } = await ask(request({ userId: uid, sessionId }))
      expect(status).toBe(200)
      const jwks = createRemoteJWKSet(new URL(subgraph.url.replace('/graphql', '/.well-known/jwks.json')))
      const { payload } = await jwtVerify(body.accessToken!, jwks, {
        issuer: 'urn:trial-supergraph:users',
        audience: 'urn:trial-supergraph:api',
      })
      expect(payload).toMatchObject({ sub: uid, sid: sessionId, gv })
      expect(payload.grants).toEqual([{ role: 'EXPORT_READER', studyId: STUDY_ID, siteId: null, patientId: null }])
      expect(Math.floor(new Date(body.expiresAt!).getTime() / 1000)).toBe(payload.exp)
    },
  )

  it('takes ids in capitals as the same ids (the grant names the study as Postgres prints it)', async () => {
    const { status, body } = await ask(request({ studyId: STUDY_ID.toUpperCase(), userId: DORA.toUpperCase() }))
    expect(status).toBe(200)
    const claims = JSON.parse(Buffer.from(body.accessToken!.split('.')[1]!, 'base64url').toString())
    expect(claims.grants[0].studyId).toBe(STUDY_ID)
  })

  it("audits each issue on the person's User, by the person, with the job and study, never the token", async () => {
    const jobId = crypto.randomUUID()
    const response = await fetch(subgraph.url.replace('/graphql', EXPORT_CREDENTIAL_PATH), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': 'req-export-credential',
        ...(await fromExports()),
      },
      body: JSON.stringify(request({ jobId })),
    })
    const { accessToken } = (await response.json()) as { accessToken: string }
    const rows = await subgraph.prisma.auditEvent.findMany({ where: { requestId: 'req-export-credential' } })
    expect(rows).toEqual([
      expect.objectContaining({
        operation: 'EXPORT_CREDENTIAL_ISSUED',
        entityType: 'User',
        entityId: DORA,
        actorUserId: DORA,
        actorRole: 'DATA_MANAGER',
        newValue: expect.objectContaining({
          jobId,
          studyId: STUDY_ID,
          sessionId: SESSIONS.dora,
          exportingRole: 'DATA_MANAGER',
          grantsVersion: DORA_GRANTS_VERSION,
        }),
      }),
    ])
    expect(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(
      accessToken.split('.')[2],
    )
  })
})

describe('refused', () => {
  it.each([
    ['no service assertion', async () => ({})],
    [
      'a gateway assertion (whichever user it vouches for)',
      async () => ({
        [SERVICE_ASSERTION_HEADER]: await signGatewayAssertion(key, 'users', null),
      }),
    ],
  ])('%s: 401 UNAUTHENTICATED', async (_what, headers) => {
    expect(await ask(request(), await headers())).toEqual(refusal(401, 'UNAUTHENTICATED', /./))
  })

  it("another service's genuine assertion (epro): 403 FORBIDDEN, nothing issued, nothing audited", async () => {
    const before = await subgraph.prisma.auditEvent.count()
    const headers = { [SERVICE_ASSERTION_HEADER]: await signServiceAssertion(key, 'epro', 'users') }
    expect(await ask(request(), headers)).toEqual(
      refusal(403, 'FORBIDDEN', 'Only the exports service is issued export credentials.'),
    )
    expect(await subgraph.prisma.auditEvent.count()).toBe(before)
  })

  it.each([
    ['no body', undefined],
    ['a missing session', { jobId: crypto.randomUUID(), userId: DORA, studyId: STUDY_ID }],
    ['an id that is no uuid', request({ studyId: 'ONC-3017' })],
    ['a list', [request()]],
    ['an unknown profile', request({ profile: 'everything' })],
  ])('%s: 400 BAD_REQUEST saying what the body must be', async (_what, body) => {
    expect(await ask(body)).toEqual(refusal(400, 'BAD_REQUEST', /^The body must be \{ "jobId": <uuid>/))
  })

  it.each([
    ['a signed-out session', request({ sessionId: SESSIONS.doraSignedOut }), /session has ended/],
    ['an expired session', request({ sessionId: SESSIONS.doraExpired }), /session has ended/],
    ['no such session', request({ sessionId: crypto.randomUUID() }), /no such sign-in session/],
    ["another person's session", request({ sessionId: SESSIONS.sam }), /no such sign-in session/],
    ['a deactivated account', request({ userId: VERA, sessionId: SESSIONS.vera }), /deactivated/],
    ['a CRC', request({ userId: BEN, sessionId: SESSIONS.ben }), /no role that exports this study/],
    ['a monitor', request({ userId: EVE, sessionId: SESSIONS.eve }), /no role that exports this study/],
    // A data manager narrowed to a site (and a CRC there): an export covers the whole study.
    ['a site-level data manager', request({ userId: CARLA, sessionId: SESSIONS.carla }), /no role that exports/],
    ['a data manager of another study', request({ userId: OTTO, sessionId: SESSIONS.otto }), /no role that exports/],
    ['a study this data manager has no role in', request({ studyId: OTHER_STUDY }), /no role that exports/],
    ['a revoked data manager grant', request({ userId: RUTH, sessionId: SESSIONS.ruth }), /no role that exports/],
    // A sponsor's job is de-identified, whatever the exports context was told.
    [
      'a sponsor, for an identified export',
      request({ userId: SAM, sessionId: SESSIONS.sam, profile: 'identified' }),
      /\(SPONSOR\) may not export with the identified profile/,
    ],
  ])('%s: 403 FORBIDDEN saying which condition failed, nothing audited', async (_what, body, message) => {
    const before = await subgraph.prisma.auditEvent.count()
    expect(await ask(body)).toEqual(refusal(403, 'FORBIDDEN', message))
    expect(await subgraph.prisma.auditEvent.count()).toBe(before)
  })

  it('stops issuing from the moment the role is revoked, and when the session ends', async () => {
    const assignment = await subgraph.prisma.roleAssignment.findFirstOrThrow({ where: { userId: SAM } })
    expect((await ask(request({ userId: SAM, sessionId: SESSIONS.sam }))).status).toBe(200)
    await subgraph.prisma.roleAssignment.update({ where: { id: assignment.id }, data: { revokedAt: new Date() } })
    expect(await ask(request({ userId: SAM, sessionId: SESSIONS.sam }))).toEqual(
      refusal(403, 'FORBIDDEN', /no role that exports this study/),
    )
    await subgraph.prisma.userSession.update({ where: { id: SESSIONS.dora }, data: { revokedAt: new Date() } })
    expect(await ask(request())).toEqual(refusal(403, 'FORBIDDEN', /session has ended/))
  })
})
