import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { SignJWT, exportJWK, generateKeyPair } from 'jose'
import { createAccessTokenVerifier } from '../accessTokenVerifier'

// Accepted tokens are remembered for speed; what is remembered must never outlive the token, and a
// refusal must never be remembered. The key set is served over a real socket, as the users context does.
let server: http.Server
let jwksUrl: string
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey']

beforeAll(async () => {
  const pair = await generateKeyPair('ES256')
  privateKey = pair.privateKey
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }
  server = http.createServer((_req, res) =>
    res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

const token = (claims: Record<string, unknown>, expiresIn = '15m', audience = 'trial-gateway') =>
  new SignJWT({ sid: 'session-1', grants: [{ role: 'CRC', studyId: 'study-1', siteId: 'site-1' }], ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setSubject('user-crc')
    .setIssuer('trial-users')
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(privateKey)

describe('createAccessTokenVerifier', () => {
  it('accepts a valid token, and again while it is valid', async () => {
    let clock = Date.now()
    const verify = createAccessTokenVerifier({
      jwksUrl,
      issuer: 'trial-users',
      audience: 'trial-gateway',
      now: () => clock,
    })
    const accessToken = await token({})
    expect((await verify(accessToken)).identity).toMatchObject({ userId: 'user-crc', sessionId: 'session-1' })
    clock += 10 * 60_000
    expect((await verify(accessToken)).identity).toMatchObject({ userId: 'user-crc' })
  })

  it('refuses a remembered token once it has expired', async () => {
    let clock = Date.now()
    const verify = createAccessTokenVerifier({
      jwksUrl,
      issuer: 'trial-users',
      audience: 'trial-gateway',
      now: () => clock,
    })
    const accessToken = await token({}, '1m')
    await verify(accessToken)
    clock += 66_000
    await expect(verify(accessToken)).rejects.toThrow('The access token has expired')
  })

  it('refuses a token for another audience every time it is presented', async () => {
    const verify = createAccessTokenVerifier({ jwksUrl, issuer: 'trial-users', audience: 'trial-gateway' })
    const elsewhere = await token({}, '15m', 'another-service')
    await expect(verify(elsewhere)).rejects.toThrow('not for this service (aud claim)')
    await expect(verify(elsewhere)).rejects.toThrow('not for this service (aud claim)')
  })
})
