import { createRemoteJWKSet, jwtVerify, errors as joseErrors } from 'jose'
import { grantsFromClaim, type Identity } from '../../contracts/identity'
import { acceptedTokens } from '../../platform/auth/acceptedTokens'
import { CLOCK_TOLERANCE_SECONDS } from '../../contracts/gatewayAssertion'
import { GRANTS_VERSION_CLAIM } from '../../contracts/grantsVersions'

/** How long an accepted token is taken without checking its signature again (never past its expiry). */
const REMEMBER_MS = 60_000

export class InvalidTokenError extends Error {}

/** Who a valid access token names, and until when it is valid (its exp claim, in seconds). */
export interface VerifiedToken {
  identity: Identity
  expiresAt: number
  /** The holder's grants version the token was issued at (claim `gv`; 0 for tokens without it). */
  grantsVersion: number
}

/**
 * Checks an access token the users context issued: an ES256 signature by a key in its published
 * JWKS (fetched and cached by jose, refetched when an unknown key id appears, e.g. after a key
 * rotation), issuer, audience and expiry. `alg: none`, HMAC-signed forgeries and tokens for
 * another audience are refused by the algorithm and claim checks.
 *
 * A token accepted once is remembered for a minute, or until it expires if sooner: a client sends
 * the same token with every request for its 15 minutes, and an ES256 verification costs more
 * gateway CPU than a small query's whole plan. The signature is all this remembers: whether the
 * holder's roles changed since the token was issued is checked on every request after it
 * (grantsVersions.ts). Refusals are not remembered.
 */
export function createAccessTokenVerifier(options: {
  jwksUrl: string
  issuer: string
  audience: string
  now?: () => number
}) {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 5_000, timeoutDuration: 3_000 })
  const now = options.now ?? Date.now
  const accepted = acceptedTokens<VerifiedToken>({ rememberMs: REMEMBER_MS, now })
  return async function verify(token: string): Promise<VerifiedToken> {
    const known = accepted.get(token)
    if (known) return known
    try {
      const { payload } = await jwtVerify(token, jwks, {
        algorithms: ['ES256'],
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp', 'iat'],
        currentDate: new Date(now()),
      })
      if (typeof payload.sid !== 'string' || !Array.isArray(payload.grants))
        throw new InvalidTokenError('The access token lacks its session or roles.')
      const grants = grantsFromClaim(payload.grants)
      if (!grants) throw new InvalidTokenError('The access token names an unknown role.')
      const gv = payload[GRANTS_VERSION_CLAIM]
      const verified = {
        identity: { userId: payload.sub!, sessionId: payload.sid, grants },
        expiresAt: payload.exp!,
        grantsVersion: typeof gv === 'number' && Number.isSafeInteger(gv) ? gv : 0,
      }
      accepted.remember(token, verified, payload.exp!)
      return verified
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error
      if (error instanceof joseErrors.JWTExpired)
        throw new InvalidTokenError(
          'The access token has expired; refresh the session (refreshSession) or sign in again.',
        )
      if (error instanceof joseErrors.JWTClaimValidationFailed)
        throw new InvalidTokenError(`The access token is not for this service (${error.claim} claim).`)
      if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid)
        throw new InvalidTokenError(
          'Access tokens cannot be checked right now (the key set is unavailable); try again shortly.',
        )
      throw new InvalidTokenError('The access token is not valid.')
    }
  }
}
