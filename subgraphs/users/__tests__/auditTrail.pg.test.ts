import crypto from 'node:crypto'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import type { UsersPrisma } from '../data/prismaClient'
import type { UsersRuntime } from '../auth/usersRuntime'
import { usersSubgraph } from '../subgraph'
import { refreshTokenHash } from '../auth/refreshTokens'
import { ANA, IAN, seedUsersWithPasswords, FIXTURE_PASSWORD } from './usersFixture'

// The users context's audit trail on real Postgres (ICH E6(R3) 4.2.2: sign-ins and failed
// sign-ins are audited): every sign-in mutation leaves its row, in the transaction of the session
// change; no password, token or hash ever enters it; and the database refuses to change it.
jest.setTimeout(60_000)

const PASSWORD = FIXTURE_PASSWORD
const WRONG_PASSWORD = 'Tr0ub4dor&3-not-hers'
let subgraph: SubgraphUnderTest<UsersPrisma, UsersRuntime>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(usersSubgraph, seedUsersWithPasswords)
})
afterAll(() => subgraph?.stop())

const SIGN_IN = 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { refreshToken } }'
const REFRESH = 'mutation($t: String!) { refreshSession(refreshToken: $t) { refreshToken } }'
const SIGN_OUT = 'mutation($t: String!) { signOut(refreshToken: $t) }'
/** Every refresh token handed out, to prove none (nor its hash) reached the trail. */
const issuedTokens: string[] = []
async function anonymous(query: string, variables: Record<string, unknown>, requestId: string) {
  const { body } = await subgraph.post(query, variables, { 'x-request-id': requestId }, null)
  const token = body.data?.signIn?.refreshToken ?? body.data?.refreshSession?.refreshToken
  if (token) issuedTokens.push(token)
  return body
}
const byRequest = (requestId: string) =>
  subgraph.prisma.auditEvent.findMany({ where: { requestId }, orderBy: { sequence: 'asc' } })
const sessionOf = async (token: string) =>
  (await subgraph.prisma.userSession.findUniqueOrThrow({ where: { refreshTokenHash: refreshTokenHash(token) } })).id

describe('sign-in mutations leave their audit rows', () => {
  it('signIn: SIGN_IN on the User, by that user under their roles', async () => {
    const body = await anonymous(SIGN_IN, { e: 'ana.silva@example.org', p: PASSWORD }, 'req-sign-in')
    const sessionId = await sessionOf(body.data!.signIn.refreshToken)
    expect(await byRequest('req-sign-in')).toEqual([
      expect.objectContaining({
        operation: 'SIGN_IN',
        entityType: 'User',
        entityId: ANA,
        actorUserId: ANA,
        actorRole: 'INVESTIGATOR',
        field: null,
        oldValue: null,
        newValue: { sessionId, expiresAt: expect.any(String) },
      }),
    ])
  })

  const unknownDigest = crypto.createHash('sha256').update('nobody@example.org').digest('hex')
  it.each([
    ['a wrong password', 'ana.silva@example.org', WRONG_PASSWORD, 'User', ANA, 'wrong-password'],
    ['an inactive account', 'ian.baker@example.org', PASSWORD, 'User', IAN, 'inactive'],
    [
      'an unknown address (kept as a SHA-256, never in clear)',
      ' Nobody@Example.org',
      PASSWORD,
      'SignInAttempt',
      unknownDigest,
      'unknown-email',
    ],
  ])(
    'signIn with %s: SIGN_IN_FAILED by an anonymous actor, with the reason',
    async (_label, email, password, entityType, entityId, reason) => {
      const requestId = `req-failed-${reason}`
      expect((await anonymous(SIGN_IN, { e: email, p: password }, requestId)).errors![0]!.extensions!.code).toBe(
        'INVALID_CREDENTIALS',
      )
      expect(await byRequest(requestId)).toEqual([
        expect.objectContaining({
          operation: 'SIGN_IN_FAILED',
          entityType,
          entityId,
          actorUserId: null,
          actorRole: 'ANONYMOUS',
          field: null,
          newValue: { reason, failures: 1, lockedUntil: null },
        }),
      ])
      const [{ n }] = await subgraph.prisma.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_event WHERE audit_event::text ILIKE '%nobody@%'`,
      )
      expect(n).toBe(0)
    },
  )

  it('signIn on a locked address: SIGN_IN_FAILED with reason "locked"', async () => {
    for (let i = 0; i < 5; i++)
      await anonymous(SIGN_IN, { e: 'ghost@example.org', p: WRONG_PASSWORD }, `req-ghost-${i}`)
    expect(
      (await anonymous(SIGN_IN, { e: 'ghost@example.org', p: WRONG_PASSWORD }, 'req-locked')).errors![0]!.extensions!
        .code,
    ).toBe('ACCOUNT_LOCKED')
    expect((await byRequest('req-locked')).map((r) => [r.operation, r.entityType, r.newValue])).toEqual([
      ['SIGN_IN_FAILED', 'SignInAttempt', { reason: 'locked' }],
    ])
    expect((await byRequest('req-ghost-4'))[0]!.newValue).toEqual({
      reason: 'unknown-email',
      failures: 5,
      lockedUntil: expect.any(String),
    })
  })

  it('refreshSession: SESSION_REFRESHED on the session; a reused token: SESSION_REVOKED by the system', async () => {
    const first = (await anonymous(SIGN_IN, { e: 'ana.silva@example.org', p: PASSWORD }, 'req-refresh-0')).data!.signIn
      .refreshToken
    const sessionId = await sessionOf(first)
    await anonymous(REFRESH, { t: first }, 'req-refresh-1')
    expect(await byRequest('req-refresh-1')).toEqual([
      expect.objectContaining({
        operation: 'SESSION_REFRESHED',
        entityType: 'UserSession',
        entityId: sessionId,
        actorUserId: ANA,
        actorRole: 'INVESTIGATOR',
        oldValue: { refreshedAt: null },
        newValue: { userId: ANA, refreshedAt: expect.any(String) },
      }),
    ])
    expect((await anonymous(REFRESH, { t: first }, 'req-reuse')).errors![0]!.extensions!.code).toBe(
      'INVALID_REFRESH_TOKEN',
    )
    expect(await byRequest('req-reuse')).toEqual([
      expect.objectContaining({
        operation: 'SESSION_REVOKED',
        entityType: 'UserSession',
        entityId: sessionId,
        actorUserId: null,
        actorRole: 'SYSTEM',
        newValue: { reason: 'refresh token reused', revokedAt: expect.any(String) },
      }),
    ])
    await anonymous(REFRESH, { t: first }, 'req-reuse-again') // already revoked: nothing changes, nothing recorded
    expect(await byRequest('req-reuse-again')).toEqual([])
  })

  it('signOut: SIGN_OUT on the session by its user; signing out again, or an unknown token, records nothing', async () => {
    const token = (await anonymous(SIGN_IN, { e: 'ana.silva@example.org', p: PASSWORD }, 'req-sign-out-0')).data!.signIn
      .refreshToken
    await anonymous(SIGN_OUT, { t: token }, 'req-sign-out')
    expect(await byRequest('req-sign-out')).toEqual([
      expect.objectContaining({
        operation: 'SIGN_OUT',
        entityType: 'UserSession',
        entityId: await sessionOf(token),
        actorUserId: ANA,
        actorRole: 'INVESTIGATOR',
        newValue: { userId: ANA, revokedAt: expect.any(String) },
      }),
    ])
    await anonymous(SIGN_OUT, { t: token }, 'req-sign-out-again')
    await anonymous(SIGN_OUT, { t: 'not-a-token' }, 'req-sign-out-unknown')
    expect([...(await byRequest('req-sign-out-again')), ...(await byRequest('req-sign-out-unknown'))]).toEqual([])
  })

  it('no password, password hash, refresh token or token hash is anywhere in the trail', async () => {
    const trail = JSON.stringify(
      await subgraph.prisma.$queryRawUnsafe('SELECT audit_event::text AS row FROM audit_event'),
    )
    const { passwordHash } = await subgraph.prisma.credential.findUniqueOrThrow({ where: { userId: ANA } })
    expect(issuedTokens.length).toBeGreaterThanOrEqual(4)
    for (const secret of [
      PASSWORD,
      WRONG_PASSWORD,
      passwordHash,
      ...issuedTokens,
      ...issuedTokens.map(refreshTokenHash),
    ])
      expect(trail).not.toContain(secret)
  })
})

describe('the audit row and the session change commit together', () => {
  it.each([
    ['the session insert fails: no SIGN_IN row', 'user_session'],
    ['the audit insert fails: no session', 'audit_event'],
  ])('%s', async (_label, table) => {
    await subgraph.asOwner(
      `CREATE FUNCTION refuse_insert() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'unavailable'; END $$ LANGUAGE plpgsql`,
    )
    await subgraph.asOwner(
      `CREATE TRIGGER refuse_insert BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_insert()`,
    )
    try {
      const before = {
        sessions: await subgraph.prisma.userSession.count(),
        audit: await subgraph.prisma.auditEvent.count(),
      }
      const body = await anonymous(SIGN_IN, { e: 'ana.silva@example.org', p: PASSWORD }, `req-tx-${table}`)
      expect(body.errors![0]!.extensions!.code).toBe('INTERNAL_SERVER_ERROR')
      expect({
        sessions: await subgraph.prisma.userSession.count(),
        audit: await subgraph.prisma.auditEvent.count(),
      }).toEqual(before)
    } finally {
      await subgraph.asOwner(`DROP TRIGGER refuse_insert ON ${table}`)
      await subgraph.asOwner('DROP FUNCTION refuse_insert()')
    }
  })
})

describe('the database refuses to change the trail, even to the owner of the table (the service role may not even try: auditTrailServiceRole.pg.test.ts)', () => {
  it.each([
    ['UPDATE', `UPDATE audit_event SET operation = 'SIGN_OUT', actor_user_id = NULL`],
    ['DELETE', `DELETE FROM audit_event WHERE operation = 'SIGN_IN_FAILED'`],
    ['TRUNCATE', 'TRUNCATE audit_event'],
  ])('%s fails', async (operation, sql) => {
    const before = await subgraph.prisma.auditEvent.findMany({ orderBy: { sequence: 'asc' } })
    await expect(subgraph.asOwner(sql)).rejects.toThrow(
      new RegExp(`audit_event is append-only: ${operation} is not allowed`),
    )
    expect(await subgraph.prisma.auditEvent.findMany({ orderBy: { sequence: 'asc' } })).toEqual(before)
  })
})
