import type { ApolloServerPlugin } from '@apollo/server'
import { appError } from '../../contracts/errors/errorRegistry'
import { GatewayErrorCodes } from '../errorCodes'

/**
 * An operationName that names no operation in the document (or none given for a document with
 * several) is a client error. Without a gateway, Apollo Server answers it 400
 * OPERATION_RESOLUTION_FAILURE; @apollo/gateway throws instead, which reaches the client as a 500
 * with federation's INVALID_GRAPHQL. Answer it as graphql-js would, before any query planning.
 */
export const operationResolutionGuard: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, request }) {
        if (operation) return
        const message = request.operationName
          ? `Unknown operation named "${request.operationName}".`
          : 'Must provide operation name if query contains multiple operations.'
        const error = appError(GatewayErrorCodes.OPERATION_RESOLUTION_FAILURE, message)
        error.extensions.http = { status: 400 }
        throw error
      },
    }
  },
}
