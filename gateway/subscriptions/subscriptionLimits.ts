import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql'
import type { OperationLimits } from '../hardening/operationLimits'
import { queryShapeRules } from '../hardening/queryShapeRules'
import { asTokenLimitError } from '../hardening/tokenLimit'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'

/**
 * The HTTP operation limits (tokens, depth, aliases, root fields, directives, cost) for subscribe
 * messages too: each subscription is parsed with the token limit and validated with GraphQL's
 * rules plus the shape rules, once, before it starts. Returns the errors to answer with, or the
 * parsed document (handed to graphql-ws so it does not parse and validate it again).
 */
export function subscriptionLimits(schema: GraphQLSchema, limits: OperationLimits) {
  const rules = [...specifiedRules, ...queryShapeRules(limits)]
  return (query: string): { errors: readonly GraphQLError[] } | { document: DocumentNode } => {
    let document
    try {
      document = parse(query, { maxTokens: limits.tokens })
    } catch (error) {
      const formatted =
        error instanceof GraphQLError
          ? { ...error.toJSON(), extensions: { code: ErrorCodes.GRAPHQL_PARSE_FAILED.code } }
          : null
      const tooLong = formatted && asTokenLimitError(formatted)
      return {
        errors: [
          tooLong
            ? new GraphQLError(tooLong.message, { extensions: tooLong.extensions })
            : error instanceof GraphQLError
              ? error
              : new GraphQLError('The subscription could not be parsed.'),
        ],
      }
    }
    const errors = validate(schema, document, rules)
    return errors.length ? { errors } : { document }
  }
}
