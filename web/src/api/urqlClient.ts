import { Client, cacheExchange, fetchExchange, type CombinedError } from '@urql/core'
import { authExchange } from '@urql/exchange-auth'
import type { SessionManager } from '../session/sessionManager'
import { GRAPHQL_PATH } from './gatewayRequest'

const isAuthError = (error: CombinedError) =>
  error.response?.status === 401 || error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')

/**
 * The app's GraphQL client over HTTP: the access token on every request, refreshed ahead of its
 * expiry, and once more when the gateway answers UNAUTHENTICATED (a key rotated, a clock skewed);
 * a refresh that is refused ends the session, and the app says so.
 */
export function createUrqlClient(sessions: SessionManager): Client {
  return new Client({
    url: GRAPHQL_PATH,
    // Every screen reads its one operation afresh when opened; the cache only serves the moment between.
    requestPolicy: 'cache-and-network',
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      authExchange(async (utils) => ({
        addAuthToOperation(operation) {
          const token = sessions.currentAccessToken()
          return token ? utils.appendHeaders(operation, { authorization: `Bearer ${token}` }) : operation
        },
        willAuthError: () => sessions.expiresSoon(),
        didAuthError: isAuthError,
        async refreshAuth() {
          if (!(await sessions.refresh())) sessions.end('Your session has expired. Sign in again to continue.')
        },
      })),
      fetchExchange,
    ],
  })
}
