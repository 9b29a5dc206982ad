import { SignJWT, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose'
import { grantsFromClaim, type Identity } from './identity'

/**
 * How the gateway vouches for a request to a subgraph: a short-lived JWT (HS256 with a secret only
 * the gateway and the subgraphs hold), addressed to one subgraph, carrying the caller's identity —
 * or none, for an anonymous caller (who may only sign in). A subgraph answers nothing without a
 * valid one, so its port is useless to anyone but the gateway, and a client cannot claim an
 * identity by sending a header of its own.
 */
export const GATEWAY_ASSERTION_HEADER = 'x-gateway-assertion'
/** Clock skew allowed on the time claims of every token checked here (assertions and access tokens). */
export const CLOCK_TOLERANCE_SECONDS = 5
const ISSUER = 'trial-gateway'
/**
 * Long enough for clock skew and a slow fetch. The gateway reuses an assertion for the same caller
 * and subgraph for up to half of it (gateway/auth/assertionSigner.ts), so a fetch never carries one
 * with less than 30 s left.
 */
export const ASSERTION_LIFETIME_SECONDS = 60

export interface VerifiedAssertion {
  /** Null for an anonymous caller. */
  identity: Identity | null
}

export function assertionKey(secret: string): Uint8Array {
  if (secret.length < 32)
    throw new Error('SUBGRAPH_AUTH_SECRET must be at least 32 characters (the gateway and every subgraph share it).')
  return new TextEncoder().encode(secret)
}

/**
 * The assertion says who the caller is, not which request this is: the request id travels in
 * x-request-id, so one signed assertion serves all of a caller's fetches to a subgraph for a while.
 */
export async function signGatewayAssertion(
  key: Uint8Array,
  audience: string,
  identity: Identity | null,
): Promise<string> {
  const claims = identity ? { sid: identity.sessionId, grants: identity.grants } : { anon: true }
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${ASSERTION_LIFETIME_SECONDS}s`)
  if (identity) jwt.setSubject(identity.userId)
  return jwt.sign(key)
}

export class AssertionError extends Error {}

/**
 * Verifies signature, algorithm, issuer, audience (this subgraph) and expiry; throws AssertionError
 * saying what is wrong. `expiresAt` (seconds) tells a caller how long it may remember the answer.
 */
export async function checkGatewayAssertion(
  key: Uint8Array,
  audience: string,
  token: string | undefined,
  now: () => number,
): Promise<{ assertion: VerifiedAssertion; expiresAt: number }> {
  if (!token) throw new AssertionError('This service answers only the gateway (no gateway assertion).')
  const payload = await verifyAssertionJwt(key, token, { issuer: ISSUER, audience, now, name: 'gateway assertion' })
  if (payload.anon === true) return { assertion: { identity: null }, expiresAt: payload.exp! }
  if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || !Array.isArray(payload.grants))
    throw new AssertionError('The gateway assertion has no identity.')
  const grants = grantsFromClaim(payload.grants)
  if (!grants) throw new AssertionError('The gateway assertion names an unknown role.')
  return { assertion: { identity: { userId: payload.sub, sessionId: payload.sid, grants } }, expiresAt: payload.exp! }
}

/**
 * Signature, algorithm (HS256 only), issuer, audience and expiry of an assertion between the
 * supergraph's services (this one, the service assertion); refusals throw AssertionError naming it.
 */
export async function verifyAssertionJwt(
  key: Uint8Array,
  token: string,
  expected: { issuer: string; audience: string; now: () => number; name: string },
): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: expected.issuer,
      audience: expected.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(expected.now()),
    })
    return payload
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new AssertionError(`The ${expected.name} has expired.`)
    throw new AssertionError(`The ${expected.name} is not valid.`)
  }
}
