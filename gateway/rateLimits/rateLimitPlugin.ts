import { HeaderMap, type ApolloServerPlugin } from '@apollo/server'
import { GatewayErrorCodes } from '../errorCodes'
import { EXPORT_CREDENTIAL_ROLE } from '../../contracts/exportCredential'
import type { GatewayContext } from '../subgraphDataSource'
import { chargeFor } from './operationCost'
import { rateLimitedError, type RateLimitPolicy } from './rateLimitPolicy'

/**
 * Rate limits for operations over HTTP, as an Apollo Server plugin rather than an Express
 * middleware: what an operation is charged depends on it being a query or a mutation and on its
 * size, known only once it is parsed and validated. didResolveOperation is the last step before
 * anything runs (the gateway plans and fetches after it), so a refused operation costs no query
 * plan and no subgraph call. Parse and validation limits (gateway/hardening/) bound what an
 * operation that never gets this far can cost. A refusal is HTTP 429 with Retry-After.
 */
export function rateLimitPlugin(policy: RateLimitPolicy): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document, schema, request }) {
          if (!operation) return // no operation to run: operationResolutionGuard answers
          const charge = chargeFor(
            { schema, document, operation, variables: request.variables, signedIn: contextValue.identity !== null },
            policy.objectsPerToken,
          )
          const grants = contextValue.identity?.grants ?? []
          const refusal = await policy.admit(
            {
              userId: contextValue.identity?.userId ?? null,
              clientIp: contextValue.clientIp,
              exportJob: grants.length > 0 && grants.every((g) => g.role === EXPORT_CREDENTIAL_ROLE),
            },
            charge,
          )
          if (!refusal) return
          const error = rateLimitedError(refusal)
          error.extensions.http = {
            status: GatewayErrorCodes.RATE_LIMITED.httpStatus,
            headers: new HeaderMap([['retry-after', String(refusal.retryAfterSeconds)]]),
          }
          throw error
        },
      }
    },
  }
}
