import type { ApolloServerPlugin } from '@apollo/server'
import { Kind, type OperationDefinitionNode } from 'graphql'
import { appError } from '../../contracts/errors/errorRegistry'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import type { Identity } from '../../contracts/identity'

/**
 * No field without an authorization decision: an anonymous caller (signed out, via the gateway)
 * may run only the named root fields (signing in); any other operation — queries, mutations,
 * `_entities` — is refused before a resolver runs. What a signed-in identity may see is decided
 * by each subgraph's own policy.
 */
export function requireIdentityPlugin<C extends { identity: Identity | null }>(
  anonymousRootFields: readonly string[],
): ApolloServerPlugin<C> {
  const allowed = new Set(anonymousRootFields)
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (contextValue.identity || !operation) return
          if (!rootFieldNames(operation).every((name) => allowed.has(name))) {
            throw appError(
              ErrorCodes.UNAUTHENTICATED,
              'Sign in first: this operation needs a signed-in user (send the access token as "Authorization: Bearer <token>").',
              { http: { status: 401 } },
            )
          }
        },
      }
    },
  }
}

function rootFieldNames(operation: OperationDefinitionNode): string[] {
  // Fragments at the root are refused for anonymous callers by listing nothing for them.
  return operation.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : '\0fragment'))
}
