import { checkGatewayAssertion, type VerifiedAssertion } from '../../contracts/gatewayAssertion'
import { acceptedTokens } from '../../platform/auth/acceptedTokens'

/**
 * How a subgraph checks the gateway's assertions (signature, algorithm, issuer, audience: this
 * subgraph, expiry; refusals throw AssertionError), remembering those it has accepted until they
 * expire (acceptedTokens): the gateway reuses an assertion across a caller's fetches.
 */
export function gatewayAssertionVerifier(
  key: Uint8Array,
  audience: string,
  options: { max?: number; now?: () => number } = {},
): (token: string | undefined) => Promise<VerifiedAssertion> {
  const now = options.now ?? Date.now
  const accepted = acceptedTokens<VerifiedAssertion>({ max: options.max, now })
  return async (token) => {
    const known = token ? accepted.get(token) : undefined
    if (known) return known
    const { assertion, expiresAt } = await checkGatewayAssertion(key, audience, token, now)
    accepted.remember(token!, assertion, expiresAt)
    return assertion
  }
}
