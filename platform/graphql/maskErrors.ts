import type { GraphQLFormattedError } from 'graphql'
import { GraphQLError } from 'graphql'
import { unwrapResolverError } from '@apollo/server/errors'
import type { Logger } from '../logging/logger'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'

/**
 * Apollo Server `formatError`: errors we raised on purpose (a registered code, or GraphQL's own
 * parse/validation/coercion errors) reach the client as they are; anything else — a bug, a
 * database error — is logged in full and replaced by a generic INTERNAL_SERVER_ERROR, so no SQL,
 * stack trace or internal detail leaks to clients.
 */
export function maskUnexpectedErrors(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error)
    const code = formatted.extensions?.code
    // An error that carries a code was raised on purpose: ours, Apollo's parse/validation and
    // variable-coercion errors, or — at the gateway — a subgraph's error (whose `original` is the
    // plain error object of the subgraph's response). Apollo labels a thrown non-GraphQL error
    // INTERNAL_SERVER_ERROR; a JS Error that is not a GraphQLError is a bug whatever its code.
    const bug = original instanceof Error && !(original instanceof GraphQLError)
    if (!bug && typeof code === 'string' && code !== ErrorCodes.INTERNAL_SERVER_ERROR.code) {
      const { stacktrace: _dropped, ...extensions } = formatted.extensions ?? {}
      return { ...formatted, extensions }
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error while executing an operation')
    return {
      message: 'Internal server error.',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCodes.INTERNAL_SERVER_ERROR.code },
    }
  }
}
