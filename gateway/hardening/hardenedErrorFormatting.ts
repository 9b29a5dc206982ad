import { GraphQLError, type GraphQLFormattedError } from 'graphql'
import { isLimitCode } from './operationLimits'
import { asTokenLimitError } from './tokenLimit'
import { withoutSuggestions } from './hiddenSuggestions'

export type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError

/**
 * Wraps Apollo Server's `formatError` (the masking of unexpected errors stays the last step):
 * - a limit rule's error keeps its own code: Apollo Server relabels every validation error
 *   GRAPHQL_VALIDATION_FAILED, keeping the rule's error as `originalError`;
 * - the parser's token limit is answered TOO_MANY_TOKENS rather than as a syntax error;
 * - in production, "Did you mean ...?" hints are removed.
 */
export function hardenedErrorFormatting(format: FormatError, options: { hideSuggestions: boolean }): FormatError {
  return (formatted, error) => {
    let hardened = withLimitCode(formatted, error) ?? asTokenLimitError(formatted) ?? formatted
    if (options.hideSuggestions) hardened = withoutSuggestions(hardened)
    return format(hardened, error)
  }
}

function withLimitCode(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined {
  const original = error instanceof GraphQLError ? error.originalError : undefined
  if (!(original instanceof GraphQLError) || !isLimitCode(original.extensions.code)) return undefined
  return { ...formatted, extensions: { ...formatted.extensions, code: original.extensions.code } }
}
