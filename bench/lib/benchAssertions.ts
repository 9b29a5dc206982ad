import { assertionKey, GATEWAY_ASSERTION_HEADER, signGatewayAssertion } from '../../contracts/gatewayAssertion'
import type { LoadSpec } from './loadSpec'

/**
 * The gateway assertions a benchmark client signs for itself: playing the gateway in front of the
 * subgraphs (the floor, one subgraph's fetches), or handing a peer gateway one per subgraph to
 * forward (scripts/peers/). One signer for the load generator, the SQL pass and the answer check.
 */
type Assertion = NonNullable<LoadSpec['assertion']>

/** The header a client puts the assertion for `subgraph` in; the peer renames it for that subgraph alone. */
export function assertionHeaderFor(subgraph: string): string {
  return `x-assertion-${subgraph}`
}

/** A fresh assertion for each subgraph, by subgraph. */
export async function signAssertions(
  assertion: Assertion,
  subgraphs: readonly string[],
): Promise<Record<string, string>> {
  const key = assertionKey(assertion.secret)
  const tokens: Record<string, string> = {}
  for (const name of subgraphs) tokens[name] = await signGatewayAssertion(key, name, assertion.identity)
  return tokens
}

/** What a request straight to `subgraph` carries. */
export function subgraphAssertionHeader(tokens: Record<string, string>, subgraph: string): Record<string, string> {
  const token = tokens[subgraph]
  return token ? { [GATEWAY_ASSERTION_HEADER]: token } : {}
}

/** What a request to a peer gateway carries: every subgraph's assertion, each in its own header. */
export function peerAssertionHeaders(tokens: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tokens).map(([name, token]) => [assertionHeaderFor(name), token]))
}
