import type { ApolloServerPlugin } from '@apollo/server'
import { appError } from '../contracts/errors/errorRegistry'
import { GatewayErrorCodes } from './errorCodes'

/**
 * @apollo/gateway cannot execute a subscription sent over HTTP (it throws, which would surface as
 * a 500). Answer it with a 400 that says what to do instead, before execution starts.
 */
export const subscriptionOverHttpGuard: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation !== 'subscription') return
        const error = appError(
          GatewayErrorCodes.SUBSCRIPTION_OVER_HTTP,
          'Subscriptions are not served over HTTP requests: open a GraphQL over WebSocket (graphql-ws) connection to this same URL.',
        )
        error.extensions.http = { status: 400 }
        throw error
      },
    }
  },
}
