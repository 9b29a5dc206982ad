import { SignJWT, jwtVerify, errors as joseErrors } from 'jose'
import { grantsFromClaim, type Identity } from './identity'

/**
 * How the gateway vouches for a request to a subgraph: a short-lived JWT (HS256 with a secret only
 * the gateway and the subgraphs hold), addressed to one subgraph, carrying the caller's identity —
 * or none, for an anonymous caller (who may only sign in). A subgraph answers nothing without a
 * valid one, so its port is useless to anyone but the gateway, and a client cannot claim an
 * identity by sending a header of its own.
 */
export const GATEWAY_ASSERTION_HEADER = 'x-gateway-assertion'
const ISSUER = 'trial-gateway'
/** Long enough for clock skew and a slow fetch; each fetch gets a fresh one. */
const LIFETIME_SECONDS = 60

export interface VerifiedAssertion {
  /** Null for an anonymous caller. */
  identity: Identity | null
  requestId?: string
}

export function assertionKey(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error('SUBGRAPH_AUTH_SECRET must be at least 32 characters (the gateway and every subgraph share it).')
  return new TextEncoder().encode(secret)
}

export async function signGatewayAssertion(key: Uint8Array, audience: string, identity: Identity | null, requestId?: string): Promise<string> {
  const claims = identity ? { sid: identity.sessionId, grants: identity.grants, rid: requestId } : { anon: true, rid: requestId }
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer(ISSUER).setAudience(audience).setIssuedAt().setExpirationTime(`${LIFETIME_SECONDS}s`)
  if (identity) jwt.setSubject(identity.userId)
  return jwt.sign(key)
}

export class AssertionError extends Error {}

/** Verifies signature, algorithm, issuer, audience (this subgraph) and expiry; throws AssertionError. */
export async function verifyGatewayAssertion(key: Uint8Array, audience: string, token: string | undefined): Promise<VerifiedAssertion> {
  if (!token) throw new AssertionError('This service answers only the gateway (no gateway assertion).')
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: ISSUER, audience, clockTolerance: 5 })
    const requestId = typeof payload.rid === 'string' ? payload.rid : undefined
    if (payload.anon === true) return { identity: null, requestId }
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || !Array.isArray(payload.grants)) throw new AssertionError('The gateway assertion has no identity.')
    const grants = grantsFromClaim(payload.grants)
    if (!grants) throw new AssertionError('The gateway assertion names an unknown role.')
    return { identity: { userId: payload.sub, sessionId: payload.sid, grants }, requestId }
  } catch (error) {
    if (error instanceof AssertionError) throw error
    if (error instanceof joseErrors.JWTExpired) throw new AssertionError('The gateway assertion has expired.')
    throw new AssertionError('The gateway assertion is not valid.')
  }
}
