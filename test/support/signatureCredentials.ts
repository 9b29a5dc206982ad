import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose'
import { SIGNATURE_CREDENTIAL_AUDIENCE } from '../../contracts/signatureCredential'

/**
 * Plays the users subgraph's confirmSignature for suites of the contexts that verify its
 * credentials (EDC signatures, inventory's emergency unblinding): a key published at a real JWKS
 * URL (set as AUTH_JWKS_URL), credentials signed with it, and a key nobody publishes.
 */
export async function startCredentialIssuer() {
  const pair = await generateKeyPair('ES256', { extractable: true })
  const foreignKey = (await generateKeyPair('ES256')).privateKey
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' }
  const server = http.createServer((_req, res) =>
    res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  process.env.AUTH_JWKS_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`
  return {
    foreignKey,
    credential(claims: { sub: string; record: string; meaning: string; key?: CryptoKey; ttl?: number }) {
      return new SignJWT({ name: 'Dr. Ines Varga', meaning: claims.meaning, record: claims.record })
        .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
        .setIssuer('urn:trial-supergraph:users')
        .setAudience(SIGNATURE_CREDENTIAL_AUDIENCE)
        .setSubject(claims.sub)
        .setIssuedAt()
        .setJti(crypto.randomUUID())
        .setExpirationTime(Math.floor(Date.now() / 1000) + (claims.ttl ?? 120))
        .sign(claims.key ?? pair.privateKey)
    },
    async stop() {
      delete process.env.AUTH_JWKS_URL
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
