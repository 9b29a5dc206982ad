import crypto from 'node:crypto'
import WebSocket from 'ws'
import { createClient } from 'graphql-ws'
import { SignJWT, exportPKCS8, generateKeyPair, exportJWK, type CryptoKey } from 'jose'
import { postGraphQL } from '../test/support/graphqlClient'
import { startSupergraphUnderTest, DEFAULT_E2E_ACCOUNT, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { DEFAULT_DEMO_PASSWORD } from '../subgraphs/users/auth/authSettings'
import { SUBGRAPHS } from '../scripts/run/supergraphProcesses'

// Tokens at the gateway: the users context signs with a key this suite holds too (AUTH_SIGNING_KEY),
// so it can mint exactly the wrong tokens an attacker might send — expired, for another audience
// or issuer, unsigned (alg none), HMAC-signed with the public key, signed by another key — and
// check every one is refused with 401, over HTTP and over graphql-ws. Subgraph ports answer no one
// but the gateway.
jest.setTimeout(180_000)

let supergraph: SupergraphUnderTest
let signingKey: CryptoKey
const ME = '{ me { id email } }'

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true })
  signingKey = pair.privateKey
  supergraph = await startSupergraphUnderTest({
    subgraphEnv: { users: { AUTH_SIGNING_KEY: await exportPKCS8(pair.privateKey) } },
  })
})
afterAll(() => supergraph?.stop())

const asBearer = (token: string) => postGraphQL(supergraph.gatewayUrl, ME, {}, { authorization: `Bearer ${token}` })
const realClaims = async () => {
  const token = await supergraph.tokenFor(DEFAULT_E2E_ACCOUNT)
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>
  const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }
  return { payload, kid: header.kid }
}

it('signs in with a demo account and answers with the token; the wrong password gets INVALID_CREDENTIALS', async () => {
  const { body } = await asBearer(await supergraph.tokenFor(DEFAULT_E2E_ACCOUNT))
  expect(body.data!.me.email).toBe(DEFAULT_E2E_ACCOUNT)
  const wrong = await postGraphQL(
    supergraph.gatewayUrl,
    'mutation { signIn(email: "ingrid.nilsson@northbridge-cro.example", password: "nope") { accessToken } }',
  )
  expect(wrong.body.errors![0]!.extensions!.code).toBe('INVALID_CREDENTIALS')
})

it('refuses anonymous callers everything but signing in, with 401', async () => {
  const { status, body } = await postGraphQL(supergraph.gatewayUrl, '{ studies { id } }')
  expect(status).toBe(401)
  expect(body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED')
})

it('refuses forged, expired, misdirected and unsigned tokens with 401 and says why', async () => {
  const { payload, kid } = await realClaims()
  const now = Math.floor(Date.now() / 1000)
  const sign = (claims: Record<string, unknown>, key: CryptoKey | Uint8Array = signingKey, alg = 'ES256') =>
    new SignJWT({ ...payload, ...claims }).setProtectedHeader({ alg, kid }).sign(key)
  const otherKey = (await generateKeyPair('ES256')).privateKey
  const publicJwk = await exportJWK(signingKey)
  const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`
  const real = await supergraph.tokenFor(DEFAULT_E2E_ACCOUNT)
  const tampered = real.replace(
    /\.[^.]+\./,
    `.${Buffer.from(JSON.stringify({ ...payload, grants: [{ role: 'DATA_MANAGER', studyId: crypto.randomUUID(), siteId: null, patientId: null }] })).toString('base64url')}.`,
  )
  const cases: [string, string, RegExp][] = [
    ['expired', await sign({ iat: now - 3600, exp: now - 60 }), /expired/],
    ['for another audience', await sign({ aud: 'urn:someone-else' }), /not for this service/],
    ['from another issuer', await sign({ iss: 'urn:evil' }), /not for this service/],
    ['signed by another key', await sign({}, otherKey), /not valid/],
    ['alg none', unsigned, /not valid/],
    [
      'HS256 with the public key as secret',
      await sign({}, new TextEncoder().encode(JSON.stringify(publicJwk)), 'HS256'),
      /not valid/,
    ],
    ['claims changed after signing', tampered, /not valid/],
    ['not a JWT', 'hello', /not valid/],
  ]
  for (const [label, token, message] of cases) {
    const { status, body } = await asBearer(token)
    expect({ label, status, code: body.errors?.[0]?.extensions?.code }).toEqual({
      label,
      status: 401,
      code: 'UNAUTHENTICATED',
    })
    expect(body.errors![0]!.message).toMatch(message)
  }
  // The same key, the right claims: accepted (the cases above fail for their reason only).
  expect((await asBearer(await sign({ iat: now, exp: now + 300 }))).body.data!.me.email).toBe(DEFAULT_E2E_ACCOUNT)
})

it('refreshes a session through the gateway and refuses the used refresh token', async () => {
  const SIGN_IN = 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { refreshToken } }'
  const REFRESH = 'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }'
  const first = (
    await postGraphQL(supergraph.gatewayUrl, SIGN_IN, { e: DEFAULT_E2E_ACCOUNT, p: DEFAULT_DEMO_PASSWORD })
  ).body.data!.signIn.refreshToken
  const next = (await postGraphQL(supergraph.gatewayUrl, REFRESH, { t: first })).body.data!.refreshSession
  expect((await asBearer(next.accessToken)).body.data!.me.email).toBe(DEFAULT_E2E_ACCOUNT)
  expect((await postGraphQL(supergraph.gatewayUrl, REFRESH, { t: first })).body.errors![0]!.extensions!.code).toBe(
    'INVALID_REFRESH_TOKEN',
  )
})

it('closes graphql-ws connections without a valid token (4403)', async () => {
  for (const params of [{}, { authorization: 'Bearer nonsense' }]) {
    const client = createClient({
      url: supergraph.gatewayUrl.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: params,
    })
    const closed = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: 'subscription { adverseEventAlerts(siteIds: ["00000000-0000-4000-8000-000000000001"]) { id } }' },
        { next: () => {}, error: resolve, complete: () => resolve('completed') },
      )
    })
    expect((closed as { code?: number }).code).toBe(4403)
    await client.dispose()
  }
})

it('answers no one but the gateway on the subgraph ports', async () => {
  for (const name of SUBGRAPHS) {
    const url = `${supergraph.processes.subgraphs[name].spec.baseUrl}/graphql`
    const { status, body } = await postGraphQL(
      url,
      '{ __typename }',
      {},
      { authorization: `Bearer ${await supergraph.tokenFor(DEFAULT_E2E_ACCOUNT)}`, 'x-gateway-assertion': 'forged' },
    )
    expect({ name, status, code: body.errors?.[0]?.extensions?.code }).toEqual({
      name,
      status: 401,
      code: 'UNAUTHENTICATED',
    })
  }
})
