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
  const anonymousMayRun = anonymousOperations(anonymousRootFields)
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (contextValue.identity || !operation) return
          if (!anonymousMayRun(operation)) {
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

/**
 * Whether an anonymous caller may run an operation: only if every root field is one of the named
 * ones. Fragments at the root are refused for anonymous callers by listing nothing for them.
 */
export function anonymousOperations(
  anonymousRootFields: readonly string[],
): (operation: OperationDefinitionNode) => boolean {
  const allowed = new Set(anonymousRootFields)
  return (operation) =>
    operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && allowed.has(s.name.value))
}
