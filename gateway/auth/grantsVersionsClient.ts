import {
  GRANTS_VERSIONS_PATH,
  GRANTS_VERSIONS_SUBGRAPH,
  type GrantsVersionsRequest,
  type GrantsVersionsResponse,
} from '../../contracts/grantsVersions'
import type { AssertionSigner } from './assertionSigner'
import { gatewayOnlyRoute } from './gatewayOnlyRoute'

/** Asks the users subgraph for users' current grants versions (contracts/grantsVersions.ts). */
export function grantsVersionsClient(usersGraphqlUrl: string, assertions: AssertionSigner) {
  const post = gatewayOnlyRoute<GrantsVersionsRequest, GrantsVersionsResponse>(
    usersGraphqlUrl,
    GRANTS_VERSIONS_SUBGRAPH,
    GRANTS_VERSIONS_PATH,
    assertions,
  )
  return async (userIds: string[]): Promise<Record<string, number>> => (await post({ userIds })).versions
}
