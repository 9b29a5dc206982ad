import type { GraphQLFormattedError } from 'graphql'

/**
 * graphql-js ends many messages with a hint at the schema ("Did you mean "studies"?", "Did you mean
 * the enum value "OPEN"?"): with introspection off, that lets a client map the schema by guessing.
 * In production the hint is cut from every error (validation, variable coercion, and subgraph
 * errors passed through), leaving the rest of the message.
 */
const SUGGESTION = /\s*Did you mean\b.*\?$/

export function withoutSuggestions(formatted: GraphQLFormattedError): GraphQLFormattedError {
  return SUGGESTION.test(formatted.message)
    ? { ...formatted, message: formatted.message.replace(SUGGESTION, '') }
    : formatted
}
