import crypto from 'node:crypto'
import { SignJWT, exportJWK, generateKeyPair, importPKCS8, type JWK, type CryptoKey } from 'jose'
import type { Grant } from '../../../contracts/identity'
import { GRANTS_VERSION_CLAIM } from '../../../contracts/grantsVersions'
import {
  SIGNATURE_CREDENTIAL_AUDIENCE,
  SIGNATURE_CREDENTIAL_TTL_SECONDS,
  type SignatureCredentialClaims,
} from '../../../contracts/signatureCredential'
import type { Logger } from '../../../platform/logging/logger'
import type { AuthSettings } from './authSettings'

export interface TokenIssuer {
  /** A signed access token (ES256 JWT) and when it expires. */
  accessToken(input: {
    userId: string
    sessionId: string
    grants: Grant[]
    /** The user's grants version the grants are at (claim `gv`, contracts/grantsVersions.ts). */
    grantsVersion: number
  }): Promise<{ token: string; expiresAt: Date }>
  /**
   * A signed e-signature credential (contracts/signatureCredential.ts): same key and kid as the
   * access tokens, its own audience, so neither passes for the other.
   */
  signatureCredential(
    input: { userId: string } & SignatureCredentialClaims,
  ): Promise<{ token: string; expiresAt: Date }>
  /** The public key set the gateway verifies tokens with (served at /.well-known/jwks.json). */
  jwks: { keys: JWK[] }
}

/**
 * Signs access tokens (and e-signature credentials) with an ES256 key: AUTH_SIGNING_KEY, or — outside production — a key made
 * at start-up (tokens then die with the process). Asymmetric, so the gateway holds only the
 * public half: it can check tokens but never mint one.
 */
export async function createTokenIssuer(settings: AuthSettings, logger: Logger): Promise<TokenIssuer> {
  let privateKey: CryptoKey
  let publicJwk: JWK
  if (settings.signingKeyPem) {
    privateKey = await importPKCS8(settings.signingKeyPem, 'ES256', { extractable: true })
    const { d: _private, ...rest } = await exportJWK(privateKey)
    publicJwk = rest
  } else {
    logger.warn('AUTH_SIGNING_KEY is not set: signing access tokens with a key made at start-up (development only)')
    const pair = await generateKeyPair('ES256', { extractable: true })
    privateKey = pair.privateKey
    publicJwk = await exportJWK(pair.publicKey)
  }
  const kid = crypto
    .createHash('sha256')
    .update(JSON.stringify({ crv: publicJwk.crv, x: publicJwk.x, y: publicJwk.y }))
    .digest('base64url')
    .slice(0, 16)
  return {
    jwks: { keys: [{ ...publicJwk, kid, alg: 'ES256', use: 'sig' }] },
    async accessToken({ userId, sessionId, grants, grantsVersion }) {
      const now = Date.now() // one clock reading for iat and exp (see signatureCredential)
      const expiresAt = new Date(now + settings.accessTokenTtlSeconds * 1000)
      const token = await new SignJWT({ sid: sessionId, grants, [GRANTS_VERSION_CLAIM]: grantsVersion })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
        .setIssuer(settings.issuer)
        .setAudience(settings.audience)
        .setSubject(userId)
        .setIssuedAt(Math.floor(now / 1000))
        .setJti(crypto.randomUUID())
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(privateKey)
      return { token, expiresAt }
    },
    async signatureCredential({ userId, name, meaning, record }) {
      // One clock reading for both claims: read twice, a second boundary between them made the
      // credential live one second short of its TTL.
      const iat = Math.floor(Date.now() / 1000)
      const exp = iat + SIGNATURE_CREDENTIAL_TTL_SECONDS
      const token = await new SignJWT({ name, meaning, record } satisfies SignatureCredentialClaims)
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
        .setIssuer(settings.issuer)
        .setAudience(SIGNATURE_CREDENTIAL_AUDIENCE)
        .setSubject(userId)
        .setIssuedAt(iat)
        .setJti(crypto.randomUUID()) // the EDC accepts each credential once
        .setExpirationTime(exp)
        .sign(privateKey)
      return { token, expiresAt: new Date(exp * 1000) }
    },
  }
}
