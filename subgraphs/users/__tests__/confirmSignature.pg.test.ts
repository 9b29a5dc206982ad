import crypto from 'node:crypto'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import type { Identity } from '../../../contracts/identity'
import {
  SIGNATURE_CREDENTIAL_AUDIENCE,
  SIGNATURE_CREDENTIAL_TTL_SECONDS,
  SIGNATURE_MEANINGS,
} from '../../../contracts/signatureCredential'
import type { UsersPrisma } from '../data/prismaClient'
import type { UsersRuntime } from '../auth/usersRuntime'
import { usersSubgraph } from '../subgraph'
import { ANA, IAN, STUDY_ID, FIXTURE_PASSWORD, seedUsersWithPasswords, siteId } from './usersFixture'

// 21 CFR 11.200(a) on real Postgres through the real HTTP server: the signed-in user re-enters
// their password and gets a credential the EDC can verify with the published keys; a wrong
// password wears down the same lockout as signIn, and every attempt is audited without it.
jest.setTimeout(60_000)

const WRONG = 'Tr0ub4dor&3-not-hers'
const [APPROVE, REVIEW] = SIGNATURE_MEANINGS
const PATIENT = 'eeeeeeee-0000-4000-8000-00000000000a'
const RECORD = `CASEBOOK:${PATIENT}`
const ANA_EMAIL = 'ana.silva@example.org'
const grant = (site: number) => ({
  role: 'INVESTIGATOR' as const,
  studyId: STUDY_ID,
  siteId: siteId(site),
  patientId: null,
})
const signedIn = (userId: string): Identity => ({
  userId,
  sessionId: crypto.randomUUID(),
  grants: [grant(1), grant(2)],
})

let subgraph: SubgraphUnderTest<UsersPrisma, UsersRuntime>
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(usersSubgraph, seedUsersWithPasswords)
})
afterAll(() => subgraph?.stop())
beforeEach(() => subgraph.prisma.signInThrottle.deleteMany())

const CONFIRM = `mutation($i: ConfirmSignatureInput!) {
  confirmSignature(input: $i) { token expiresAt printedName } }`
const SIGN_IN = 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }'

function confirm(
  input: { password?: string; meaning?: string; record?: string },
  { as = signedIn(ANA), requestId = crypto.randomUUID() }: { as?: Identity | null; requestId?: string } = {},
) {
  const variables = { i: { password: FIXTURE_PASSWORD, meaning: APPROVE, record: RECORD, ...input } }
  return subgraph.post(CONFIRM, variables, { 'x-request-id': requestId }, as)
}
const signIn = (password: string) => subgraph.post(SIGN_IN, { e: ANA_EMAIL, p: password }, {}, null)
const codeOf = (response: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) =>
  response.body.errors?.[0]?.extensions?.code
const failuresOf = async (email: string) =>
  (await subgraph.prisma.signInThrottle.findUnique({ where: { email } }))?.failures ?? 0
const auditOf = (requestId: string) =>
  subgraph.prisma.auditEvent.findMany({ where: { requestId }, orderBy: { sequence: 'asc' } })
/** The key set as a verifier gets it: from the served /.well-known/jwks.json. */
async function servedJwks(): Promise<JSONWebKeySet> {
  const response = await fetch(subgraph.url.replace('/graphql', '/.well-known/jwks.json'))
  return (await response.json()) as JSONWebKeySet
}

describe('confirmSignature', () => {
  it('issues an ES256 credential for this signer, record and meaning, verifiable with the published JWKS', async () => {
    const requestId = 'req-confirmed'
    // The server runs in this process, on this clock: its credential's exp must fall in the call.
    const before = Date.now() / 1000
    // Record ids are canonical in the credential (the EDC compares "CASEBOOK:<lower-case id>").
    const { body } = await confirm({ record: `casebook:${PATIENT.toUpperCase()}` }, { requestId })
    const after = Date.now() / 1000
    expect(body.errors).toBeUndefined()
    const { token, expiresAt, printedName } = body.data!.confirmSignature
    expect(printedName).toBe('Dr. Ana Silva, MD')

    const jwks = await servedJwks()
    expect(jwks).toEqual(subgraph.background!.issuer.jwks)
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: 'urn:trial-supergraph:users',
      audience: SIGNATURE_CREDENTIAL_AUDIENCE,
      algorithms: ['ES256'],
      maxTokenAge: `${SIGNATURE_CREDENTIAL_TTL_SECONDS}s`,
    })
    // The same key, under the same kid, as the access tokens.
    const accessToken = (await signIn(FIXTURE_PASSWORD)).body.data!.signIn.accessToken
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: jwks.keys[0]!.kid, typ: 'JWT' })
    expect(decodeProtectedHeader(accessToken).kid).toBe(protectedHeader.kid)
    expect(payload).toEqual({
      iss: 'urn:trial-supergraph:users',
      aud: SIGNATURE_CREDENTIAL_AUDIENCE,
      sub: ANA,
      name: 'Dr. Ana Silva, MD',
      meaning: APPROVE,
      record: RECORD,
      jti: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      iat: expect.any(Number),
      exp: expect.any(Number),
    })
    expect(payload.exp! - payload.iat!).toBe(SIGNATURE_CREDENTIAL_TTL_SECONDS)
    // Issued during the call: exp is the issuing second (floored, hence the second below) plus the TTL.
    expect(payload.exp!).toBeGreaterThanOrEqual(before + SIGNATURE_CREDENTIAL_TTL_SECONDS - 1)
    expect(payload.exp!).toBeLessThanOrEqual(after + SIGNATURE_CREDENTIAL_TTL_SECONDS)
    expect(new Date(expiresAt).getTime()).toBe(payload.exp! * 1000)
    // Not an access token: the gateway's audience refuses it.
    await expect(jwtVerify(token, createLocalJWKSet(jwks), { audience: 'urn:trial-supergraph:api' })).rejects.toThrow()

    expect(await auditOf(requestId)).toEqual([
      expect.objectContaining({
        operation: 'SIGNATURE_CONFIRMED',
        entityType: 'User',
        entityId: ANA,
        actorUserId: ANA,
        actorRole: 'INVESTIGATOR',
        newValue: { meaning: APPROVE, record: RECORD, printedName: 'Dr. Ana Silva, MD', expiresAt },
      }),
    ])
  })

  it('gives every credential its own jti, and the meaning asked for', async () => {
    const first = (await confirm({ meaning: REVIEW })).body.data!.confirmSignature.token
    const second = (await confirm({ meaning: REVIEW })).body.data!.confirmSignature.token
    const jwks = createLocalJWKSet(await servedJwks())
    const [a, b] = await Promise.all([first, second].map((t) => jwtVerify(t, jwks)))
    expect(a!.payload.jti).not.toBe(b!.payload.jti)
    expect(a!.payload.meaning).toBe(REVIEW)
  })

  it('answers a wrong password with INVALID_CREDENTIALS, counts it toward the sign-in lockout and audits it without the password', async () => {
    const requestId = 'req-wrong-password'
    const response = await confirm({ password: WRONG }, { requestId })
    expect(response.body.data).toBeNull()
    expect(response.body.errors).toEqual([
      expect.objectContaining({ message: 'The password is wrong.', extensions: { code: 'INVALID_CREDENTIALS' } }),
    ])
    expect(await failuresOf(ANA_EMAIL)).toBe(1)
    expect(await auditOf(requestId)).toEqual([
      expect.objectContaining({
        operation: 'SIGNATURE_CONFIRMATION_FAILED',
        entityType: 'User',
        entityId: ANA,
        actorUserId: ANA,
        actorRole: 'INVESTIGATOR',
        newValue: { reason: 'wrong-password', meaning: APPROVE, record: RECORD, failures: 1, lockedUntil: null },
      }),
    ])
    const [{ n }] = await subgraph.prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_event WHERE audit_event::text LIKE '%' || $1 || '%' OR audit_event::text LIKE '%' || $2 || '%'`,
      WRONG,
      FIXTURE_PASSWORD,
    )
    expect(n).toBe(0)
  })

  it('after five wrong passwords the account is locked: for signIn too, even with the right password', async () => {
    for (let i = 0; i < 5; i++) expect(codeOf(await confirm({ password: WRONG }))).toBe('INVALID_CREDENTIALS')
    expect(codeOf(await signIn(FIXTURE_PASSWORD))).toBe('ACCOUNT_LOCKED')
    const requestId = 'req-locked'
    const locked = await confirm({}, { requestId })
    expect(locked.body.errors![0]!.extensions).toEqual({
      code: 'ACCOUNT_LOCKED',
      retryAfterSeconds: expect.any(Number),
    })
    expect(locked.body.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0)
    expect((await auditOf(requestId)).map((r) => [r.operation, r.newValue])).toEqual([
      ['SIGNATURE_CONFIRMATION_FAILED', { reason: 'locked', meaning: APPROVE, record: RECORD }],
    ])
  })

  it('an account locked by failed sign-ins cannot confirm; failures of both add up', async () => {
    for (let i = 0; i < 3; i++) expect(codeOf(await signIn(WRONG))).toBe('INVALID_CREDENTIALS')
    expect(codeOf(await confirm({ password: WRONG }))).toBe('INVALID_CREDENTIALS')
    expect(await failuresOf(ANA_EMAIL)).toBe(4)
    expect(codeOf(await signIn(WRONG))).toBe('INVALID_CREDENTIALS') // the fifth: now locked
    expect(codeOf(await confirm({}))).toBe('ACCOUNT_LOCKED')
  })

  it('a right password clears the count, as a sign-in does', async () => {
    for (let i = 0; i < 3; i++) await confirm({ password: WRONG })
    expect(await failuresOf(ANA_EMAIL)).toBe(3)
    expect(codeOf(await confirm({}))).toBeUndefined()
    expect(await subgraph.prisma.signInThrottle.count()).toBe(0)
  })

  it('refuses an inactive account like sign-in does: INVALID_CREDENTIALS, counted and audited', async () => {
    const requestId = 'req-inactive'
    expect(codeOf(await confirm({}, { as: signedIn(IAN), requestId }))).toBe('INVALID_CREDENTIALS')
    expect(await failuresOf('ian.baker@example.org')).toBe(1)
    expect(
      (await auditOf(requestId)).map((r) => [r.operation, r.entityId, (r.newValue as { reason: string }).reason]),
    ).toEqual([['SIGNATURE_CONFIRMATION_FAILED', IAN, 'inactive']])
  })

  it.each([
    ['a meaning that is not the platform’s', { meaning: 'I agree' }, 'input.meaning'],
    ['a meaning in other words (case)', { meaning: APPROVE.toUpperCase() }, 'input.meaning'],
    ['a meaning with trailing space', { meaning: `${APPROVE} ` }, 'input.meaning'],
    ['a record of another kind', { record: `PATIENT:${PATIENT}` }, 'input.record'],
    ['a record without an id', { record: 'CASEBOOK:' }, 'input.record'],
    ['a record whose id is not a UUID', { record: `VISIT:${'-'.repeat(36)}` }, 'input.record'],
    ['a record with more after the id', { record: `${RECORD}x` }, 'input.record'],
  ])('refuses %s with BAD_USER_INPUT, before any password check', async (_label, input, argumentName) => {
    const requestId = crypto.randomUUID()
    const { body } = await confirm({ ...input, password: WRONG }, { requestId })
    expect(body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName })
    expect(await subgraph.prisma.signInThrottle.count()).toBe(0)
    expect(await auditOf(requestId)).toEqual([])
  })

  it('refuses anonymous callers (UNAUTHENTICATED) and an identity whose account is gone', async () => {
    const requestId = 'req-anonymous'
    const anonymous = await confirm({}, { as: null, requestId })
    expect(anonymous.status).toBe(401)
    expect(codeOf(anonymous)).toBe('UNAUTHENTICATED')
    expect(anonymous.body.data ?? null).toBeNull()
    expect(await auditOf(requestId)).toEqual([])
    expect(codeOf(await confirm({}, { as: signedIn(crypto.randomUUID()) }))).toBe('UNAUTHENTICATED')
  })
})
