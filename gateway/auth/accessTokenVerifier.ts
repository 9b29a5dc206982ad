import { createRemoteJWKSet, jwtVerify, errors as joseErrors } from 'jose'
import { grantsFromClaim, type Identity } from '../../server-kit/auth/identity'

export class InvalidTokenError extends Error {}

/**
 * Checks an access token the users context issued: an ES256 signature by a key in its published
 * JWKS (fetched and cached by jose, refetched when an unknown key id appears, e.g. after a key
 * rotation), issuer, audience and expiry. `alg: none`, HMAC-signed forgeries and tokens for
 * another audience are refused by the algorithm and claim checks.
 */
export function createAccessTokenVerifier(options: { jwksUrl: string; issuer: string; audience: string }) {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 5_000, timeoutDuration: 3_000 })
  return async function verify(token: string): Promise<Identity> {
    try {
      const { payload } = await jwtVerify(token, jwks, { algorithms: ['ES256'], issuer: options.issuer, audience: options.audience, clockTolerance: 5, requiredClaims: ['sub', 'exp', 'iat'] })
      if (typeof payload.sid !== 'string' || !Array.isArray(payload.grants)) throw new InvalidTokenError('The access token lacks its session or roles.')
      const grants = grantsFromClaim(payload.grants)
      if (!grants) throw new InvalidTokenError('The access token names an unknown role.')
      return { userId: payload.sub!, sessionId: payload.sid, grants }
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error
      if (error instanceof joseErrors.JWTExpired) throw new InvalidTokenError('The access token has expired; refresh the session (refreshSession) or sign in again.')
      if (error instanceof joseErrors.JWTClaimValidationFailed) throw new InvalidTokenError(`The access token is not for this service (${error.claim} claim).`)
      if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) throw new InvalidTokenError('Access tokens cannot be checked right now (the key set is unavailable); try again shortly.')
      throw new InvalidTokenError('The access token is not valid.')
    }
  }
}
