import { GATEWAY_ASSERTION_HEADER } from '../../contracts/gatewayAssertion'
import {
  SESSION_STATUS_PATH,
  SESSION_STATUS_SUBGRAPH,
  type SessionStatusRequest,
  type SessionStatusResponse,
} from '../../contracts/sessionStatus'
import type { AssertionSigner } from './assertionSigner'

/** How long one question about sessions may take before the round is given up (the next one asks again). */
const TIMEOUT_MS = 3000

/**
 * Asks the users subgraph which of the given sessions have ended (contracts/sessionStatus.ts),
 * with the gateway's own assertion (no caller: it is the gateway asking).
 */
export function sessionStatusClient(usersGraphqlUrl: string, assertions: AssertionSigner) {
  const url = new URL(SESSION_STATUS_PATH, usersGraphqlUrl).toString()
  return async (sessionIds: string[]): Promise<string[]> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [GATEWAY_ASSERTION_HEADER]: await assertions(SESSION_STATUS_SUBGRAPH, null),
      },
      body: JSON.stringify({ sessionIds } satisfies SessionStatusRequest),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    if (!response.ok)
      throw new Error(`the ${SESSION_STATUS_SUBGRAPH} subgraph answered ${response.status} to ${SESSION_STATUS_PATH}`)
    return ((await response.json()) as SessionStatusResponse).ended
  }
}
