import { GraphQLError, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql'
import type { OperationLimits } from '../hardening/operationLimits'
import { queryShapeRules } from '../hardening/queryShapeRules'
import { asTokenLimitError } from '../hardening/tokenLimit'

/**
 * The HTTP operation limits (tokens, depth, aliases, root fields, directives, cost) for subscribe
 * messages too: graphql-ws parses and validates on its own, so the same rules are applied to each
 * subscription before it starts. Returns the errors to answer with, or undefined to go ahead.
 */
export function subscriptionLimits(schema: GraphQLSchema, limits: OperationLimits) {
  const rules = [...specifiedRules, ...queryShapeRules(limits)]
  return (query: string): readonly GraphQLError[] | undefined => {
    let document
    try {
      document = parse(query, { maxTokens: limits.tokens })
    } catch (error) {
      const formatted = error instanceof GraphQLError ? { ...error.toJSON(), extensions: { code: 'GRAPHQL_PARSE_FAILED' } } : null
      const tooLong = formatted && asTokenLimitError(formatted)
      return [tooLong ? new GraphQLError(tooLong.message, { extensions: tooLong.extensions }) : error instanceof GraphQLError ? error : new GraphQLError('The subscription could not be parsed.')]
    }
    const errors = validate(schema, document, rules)
    return errors.length ? errors : undefined
  }
}
