import { GATEWAY_ASSERTION_HEADER } from '../../contracts/gatewayAssertion'
import type { AssertionSigner } from './assertionSigner'

/** How long one question may take before it is given up (the caller decides what that means). */
const TIMEOUT_MS = 3000

/**
 * A JSON POST to a subgraph's gateway-only route (the users context's session status and grants
 * versions), with the gateway's own assertion: no caller, it is the gateway asking.
 */
export function gatewayOnlyRoute<TRequest, TResponse>(
  subgraphUrl: string,
  subgraph: string,
  path: string,
  assertions: AssertionSigner,
) {
  const url = new URL(path, subgraphUrl).toString()
  return async (body: TRequest): Promise<TResponse> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [GATEWAY_ASSERTION_HEADER]: await assertions(subgraph, null) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    if (!response.ok) throw new Error(`the ${subgraph} subgraph answered ${response.status} to ${path}`)
    return (await response.json()) as TResponse
  }
}
