import {
  SESSION_STATUS_PATH,
  SESSION_STATUS_SUBGRAPH,
  type SessionStatusRequest,
  type SessionStatusResponse,
} from '../../contracts/sessionStatus'
import type { AssertionSigner } from './assertionSigner'
import { gatewayOnlyRoute } from './gatewayOnlyRoute'

/** Asks the users subgraph which of the given sessions have ended (contracts/sessionStatus.ts). */
export function sessionStatusClient(usersGraphqlUrl: string, assertions: AssertionSigner) {
  const post = gatewayOnlyRoute<SessionStatusRequest, SessionStatusResponse>(
    usersGraphqlUrl,
    SESSION_STATUS_SUBGRAPH,
    SESSION_STATUS_PATH,
    assertions,
  )
  return async (sessionIds: string[]): Promise<string[]> => (await post({ sessionIds })).ended
}
