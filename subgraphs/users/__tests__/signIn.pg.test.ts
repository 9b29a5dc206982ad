import { createRemoteJWKSet, jwtVerify, SignJWT, generateKeyPair } from 'jose'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { postGraphQL } from '../../../test/support/graphqlClient'
import { gatewayHeaders } from '../../../test/support/gatewayCredentials'
import { GATEWAY_ASSERTION_HEADER } from '../../../contracts/gatewayAssertion'
import type { UsersPrisma } from '../data/prismaClient'
import type { UsersRuntime } from '../auth/usersRuntime'
import { usersSubgraph } from '../subgraph'
import { ANA, STUDY_ID, seedUsersWithPasswords, FIXTURE_PASSWORD, siteId } from './usersFixture'

// Sign-in on real Postgres through the real HTTP server: tokens a verifier accepts, failures that
// say nothing about which part was wrong, lockout, refresh-token rotation with reuse detection,
// and a subgraph port that answers only the gateway.
jest.setTimeout(60_000)

const PASSWORD = FIXTURE_PASSWORD
let subgraph: SubgraphUnderTest<UsersPrisma, UsersRuntime>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(usersSubgraph, seedUsersWithPasswords)
})
afterAll(() => subgraph?.stop())

const SIGN_IN =
  'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt user { id } } }'
const REFRESH = 'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }'
const SIGN_OUT = 'mutation($t: String!) { signOut(refreshToken: $t) }'
const anonymous = (query: string, variables: Record<string, unknown>) => subgraph.post(query, variables, {}, null)
const signIn = (email: string, password: string) => anonymous(SIGN_IN, { e: email, p: password })

describe('signIn', () => {
  it('issues an ES256 access token with the user, session and current roles, verifiable with the published JWKS', async () => {
    const { body } = await signIn(' Ana.Silva@Example.org ', PASSWORD)
    expect(body.errors).toBeUndefined()
    const session = body.data!.signIn
    expect(session.user).toEqual({ id: ANA })
    const jwks = createRemoteJWKSet(new URL(subgraph.url.replace('/graphql', '/.well-known/jwks.json')))
    const { payload, protectedHeader } = await jwtVerify(session.accessToken, jwks, {
      issuer: 'urn:trial-supergraph:users',
      audience: 'urn:trial-supergraph:api',
    })
    expect(protectedHeader.alg).toBe('ES256')
    expect(payload.sub).toBe(ANA)
    expect(payload.grants).toEqual([
      { role: 'INVESTIGATOR', studyId: STUDY_ID, siteId: siteId(1), patientId: null },
      { role: 'INVESTIGATOR', studyId: STUDY_ID, siteId: siteId(2), patientId: null },
    ])
    expect(new Date(session.accessTokenExpiresAt).getTime() - Date.now()).toBeLessThanOrEqual(900_000)
    expect(new Date(session.refreshTokenExpiresAt).getTime()).toBeGreaterThan(
      new Date(session.accessTokenExpiresAt).getTime(),
    )
  })

  it('stores a scrypt hash, never the password, and only a hash of the refresh token', async () => {
    const stored = await subgraph.prisma.credential.findUniqueOrThrow({ where: { userId: ANA } })
    expect(stored.passwordHash).toMatch(/^scrypt\$15\$8\$1\$[\w-]+\$[\w-]+$/)
    const { body } = await signIn('ana.silva@example.org', PASSWORD)
    const sessions = await subgraph.prisma.userSession.findMany({ where: { userId: ANA } })
    expect(sessions.some((s) => s.refreshTokenHash === body.data!.signIn.refreshToken)).toBe(false)
  })

  it('answers a wrong password, an unknown address and an inactive account alike', async () => {
    for (const [email, password] of [
      ['ana.silva@example.org', 'wrong'],
      ['nobody@example.org', PASSWORD],
      ['ian.baker@example.org', PASSWORD],
    ] as const) {
      const { body } = await signIn(email, password)
      expect(body.data).toBeNull()
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: 'The email or password is wrong.',
          extensions: { code: 'INVALID_CREDENTIALS' },
        }),
      ])
    }
  })

  it('locks an address after five failures (known or not), even for the right password, and says when to retry', async () => {
    for (const email of ['ana.silva@example.org', 'ghost@example.org']) {
      for (let i = 0; i < 5; i++) await signIn(email, 'wrong')
      const { body } = await signIn(email, email.startsWith('ana') ? PASSWORD : 'wrong')
      expect(body.errors![0]!.extensions).toEqual({ code: 'ACCOUNT_LOCKED', retryAfterSeconds: expect.any(Number) })
      expect(body.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0)
    }
    await subgraph.prisma.signInThrottle.deleteMany() // unlock for the tests after
  })

  it('counts guesses sent in parallel, each one', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => signIn('ana.silva@example.org', 'guess')))
    const codes = answers.map(({ body }) => body.errors![0]!.extensions!.code)
    // Every guess is either checked and counted, or refused unchecked because an earlier one has
    // already locked the address (how many depends on how the requests interleave): none is lost.
    const { failures } = await subgraph.prisma.signInThrottle.findUniqueOrThrow({
      where: { email: 'ana.silva@example.org' },
    })
    expect(codes.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(failures)
    expect(failures + codes.filter((code) => code === 'ACCOUNT_LOCKED').length).toBe(12)
    expect(failures).toBeGreaterThanOrEqual(5)
    expect((await signIn('ana.silva@example.org', PASSWORD)).body.errors![0]!.extensions!.code).toBe('ACCOUNT_LOCKED')
    await subgraph.prisma.signInThrottle.deleteMany()
  })
})

describe('refreshSession and signOut', () => {
  it('rotates the refresh token; presenting a used one ends the whole session', async () => {
    const first = (await signIn('ana.silva@example.org', PASSWORD)).body.data!.signIn
    const second = (await anonymous(REFRESH, { t: first.refreshToken })).body.data!.refreshSession
    expect(second.refreshToken).not.toBe(first.refreshToken)
    const replay = await anonymous(REFRESH, { t: first.refreshToken })
    expect(replay.body.errors![0]!.extensions!.code).toBe('INVALID_REFRESH_TOKEN')
    // The copy was used: the legitimate holder's current token is dead too.
    expect((await anonymous(REFRESH, { t: second.refreshToken })).body.errors![0]!.extensions!.code).toBe(
      'INVALID_REFRESH_TOKEN',
    )
  })

  it('signing out ends the session; signing out an unknown token still answers true', async () => {
    const session = (await signIn('ana.silva@example.org', PASSWORD)).body.data!.signIn
    expect((await anonymous(SIGN_OUT, { t: session.refreshToken })).body.data!.signOut).toBe(true)
    expect((await anonymous(REFRESH, { t: session.refreshToken })).body.errors![0]!.extensions!.code).toBe(
      'INVALID_REFRESH_TOKEN',
    )
    expect((await anonymous(SIGN_OUT, { t: 'not-a-token' })).body.data!.signOut).toBe(true)
  })
})

describe('only the gateway, only signing in for anonymous callers', () => {
  it('refuses anonymous callers everything but signing in', async () => {
    const { status, body } = await anonymous('query($id: ID!) { user(id: $id) { id } }', { id: ANA })
    expect(status).toBe(401)
    expect(body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED')
    const entities = await anonymous(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email } } }',
      { r: [{ __typename: 'User', id: ANA }] },
    )
    expect(entities.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED')
    expect(entities.body.data ?? null).toBeNull()
  })

  it('refuses requests without a valid gateway assertion: none, forged, for another subgraph, expired', async () => {
    const query = '{ me { id } }'
    const forgedKey = new TextEncoder().encode('x'.repeat(64))
    const forged = await new SignJWT({ sid: 's', grants: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('trial-gateway')
      .setAudience('users')
      .setSubject(ANA)
      .setExpirationTime('1m')
      .sign(forgedKey)
    const { privateKey } = await generateKeyPair('ES256')
    const asymmetric = await new SignJWT({ sid: 's', grants: [] })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('trial-gateway')
      .setAudience('users')
      .setSubject(ANA)
      .setExpirationTime('1m')
      .sign(privateKey)
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: 'trial-gateway', aud: 'users', sub: ANA, sid: 's', grants: [] })).toString('base64url')}.`
    const forOtherSubgraph = (await gatewayHeaders('patients', subgraph.identity))[GATEWAY_ASSERTION_HEADER]!
    const cases: [string, Record<string, string>][] = [
      ['no assertion', {}],
      ['signed with another secret', { [GATEWAY_ASSERTION_HEADER]: forged }],
      ['ES256 instead of the shared secret', { [GATEWAY_ASSERTION_HEADER]: asymmetric }],
      ['alg none', { [GATEWAY_ASSERTION_HEADER]: unsigned }],
      ['meant for the patients subgraph', { [GATEWAY_ASSERTION_HEADER]: forOtherSubgraph }],
    ]
    for (const [label, headers] of cases) {
      const { status, body } = await postGraphQL(subgraph.url, query, {}, headers)
      expect({ label, status, code: body.errors?.[0]?.extensions?.code }).toEqual({
        label,
        status: 401,
        code: 'UNAUTHENTICATED',
      })
    }
    // And a real one works.
    expect((await subgraph.post(query, {}, {}, { userId: ANA, sessionId: 's', grants: [] })).body.data).toEqual({
      me: { id: ANA },
    })
  })
})
