import type { ApolloServerPlugin } from '@apollo/server'
import { appError, errorDocument } from '../contracts/errors/errorRegistry'
import { GatewayErrorCodes } from './errorCodes'

const SUBSCRIPTION_OVER_HTTP_MESSAGE =
  'Subscriptions are not served over HTTP requests: open a GraphQL over WebSocket (graphql-ws) connection to this same URL.'

/**
 * @apollo/gateway cannot execute a subscription sent over HTTP (it throws, which would surface as
 * a 500). Answer it with a 400 that says what to do instead, before execution starts. A GET
 * carries queries only: Apollo Server answers any other operation 405 with `Allow: POST` before
 * this plugin's didResolveOperation runs, which is right for a mutation (GraphQL over HTTP: MUST
 * 405) but would send a subscriber to POST, where it fails again; its 405 keeps the status and
 * gets this code and message instead.
 */
export const subscriptionOverHttpGuard: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation !== 'subscription') return
        const error = appError(GatewayErrorCodes.SUBSCRIPTION_OVER_HTTP, SUBSCRIPTION_OVER_HTTP_MESSAGE)
        error.extensions.http = { status: 400 }
        throw error
      },
      async willSendResponse({ request, operation, response }) {
        if (request.http?.method !== 'GET' || operation?.operation !== 'subscription') return
        if (response.http.status !== 405 || response.body.kind !== 'single') return
        response.body.singleResult.errors = errorDocument(
          GatewayErrorCodes.SUBSCRIPTION_OVER_HTTP,
          SUBSCRIPTION_OVER_HTTP_MESSAGE,
        ).errors
      },
    }
  },
}
