import crypto from 'node:crypto'
import { GATEWAY_ASSERTION_HEADER, assertionKey, signGatewayAssertion } from '../../contracts/gatewayAssertion'
import type { Grant, Identity } from '../../contracts/identity'
import { WS_ASSERTION_FIELD } from '../../contracts/subscriptionWire'

/**
 * Tests that call a subgraph directly play the gateway: they sign assertions with the secret the
 * subgraphs under test were given (the runner's SUBGRAPH_AUTH_SECRET, or one made per process).
 */
export const TEST_AUTH_SECRET = process.env.SUBGRAPH_AUTH_SECRET ?? crypto.randomBytes(32).toString('hex')
const key = assertionKey(TEST_AUTH_SECRET)

export function identityWith(...grants: Partial<Grant>[]): Identity {
  return {
    userId: crypto.randomUUID(),
    sessionId: crypto.randomUUID(),
    grants: grants.map((g) => ({ role: 'CRC', studyId: null, siteId: null, patientId: null, ...g })),
  }
}

/** Headers of a request the gateway sends to `subgraph` on behalf of `identity` (null: anonymous). */
export async function gatewayHeaders(subgraph: string, identity: Identity | null): Promise<Record<string, string>> {
  return { [GATEWAY_ASSERTION_HEADER]: await signGatewayAssertion(key, subgraph, identity) }
}

/** graphql-ws connection_init payload of the gateway's connection to `subgraph`. */
export async function gatewayConnectionParams(subgraph: string): Promise<Record<string, string>> {
  return { [WS_ASSERTION_FIELD]: await signGatewayAssertion(key, subgraph, null) }
}

/** `extensions` of a subscription the gateway opens for `identity`. */
export async function gatewaySubscriptionExtensions(
  subgraph: string,
  identity: Identity | null,
): Promise<Record<string, string>> {
  return { [WS_ASSERTION_FIELD]: await signGatewayAssertion(key, subgraph, identity) }
}
