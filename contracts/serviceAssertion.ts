import { SignJWT } from 'jose'
import { ASSERTION_LIFETIME_SECONDS, AssertionError, verifyAssertionJwt } from './gatewayAssertion'

/**
 * How one subgraph vouches for itself to another (the outbox feed: contracts/eventFeed.ts): a
 * short-lived JWT signed with the same SUBGRAPH_AUTH_SECRET as the gateway's assertions, addressed
 * to the subgraph called, naming the calling service — and no user. Its issuer differs from the
 * gateway's, so neither kind is taken for the other: a gateway assertion (whoever the user) opens no
 * service-only route, and a service assertion opens no /graphql.
 */
export const SERVICE_ASSERTION_HEADER = 'x-service-assertion'
const ISSUER = 'trial-service'
const SUBJECT_PREFIX = 'service:'

export async function signServiceAssertion(key: Uint8Array, caller: string, audience: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setSubject(`${SUBJECT_PREFIX}${caller}`)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${ASSERTION_LIFETIME_SECONDS}s`)
    .sign(key)
}

/**
 * Verifies signature, algorithm, issuer, audience (this subgraph) and expiry, and that a service is
 * named; throws AssertionError saying what is wrong. Returns the calling service's name.
 */
export async function checkServiceAssertion(
  key: Uint8Array,
  audience: string,
  token: string | undefined,
  now: () => number = Date.now,
): Promise<{ service: string; expiresAt: number }> {
  if (!token) throw new AssertionError('This route answers only other services (no service assertion).')
  const payload = await verifyAssertionJwt(key, token, { issuer: ISSUER, audience, now, name: 'service assertion' })
  const service = payload.sub?.startsWith(SUBJECT_PREFIX) ? payload.sub.slice(SUBJECT_PREFIX.length) : ''
  if (!service) throw new AssertionError('The service assertion names no service.')
  return { service, expiresAt: payload.exp! }
}
