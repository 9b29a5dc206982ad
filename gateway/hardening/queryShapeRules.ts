import { ApolloArmor } from '@escape.tech/graphql-armor'
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql'
import { limitExceeded, type LimitCode, type OperationLimits } from './operationLimits'
import { maxRootFieldsRule } from './rootFieldLimit'

/**
 * Validation rules for the shape of an operation: depth, aliases, directives and cost from
 * graphql-armor, root fields from our own rule. Each rejection is reported with its registered code
 * (armor's Apollo form would label every one BAD_USER_INPUT).
 */
export function queryShapeRules(limits: OperationLimits): ValidationRule[] {
  const { validationRules } = new ApolloArmor({
    // Flattened: a fragment is a way of writing a selection, not a level of nesting.
    maxDepth: { n: limits.depth, flattenFragments: true, ...reportAs('QUERY_TOO_DEEP', limits.depth) },
    maxAliases: { n: limits.aliases, ...reportAs('TOO_MANY_ALIASES', limits.aliases) },
    maxDirectives: { n: limits.directives, ...reportAs('TOO_MANY_DIRECTIVES', limits.directives) },
    costLimit: { maxCost: limits.cost, flattenFragments: true, ...reportAs('QUERY_TOO_COMPLEX', limits.cost) },
    // Not armor's: its Apollo token plugin throws from parsingDidStart, which Apollo Server answers
    // with a 500 (and its unexpectedErrorProcessingRequest hook relabels every unexpected error as a
    // validation failure, past our masking). The parser's own maxTokens does it (tokenLimit.ts).
    maxTokens: { enabled: false },
    // Not armor's: it leaves "[Suggestion hidden]?" behind and misses "Did you mean the enum
    // value ..."; hiddenSuggestions.ts strips every form.
    blockFieldSuggestion: { enabled: false },
  }).protect()
  return [...validationRules, maxRootFieldsRule(limits.rootFields)]
}

/**
 * Armor's callback options for one limit: report, don't throw (a throw inside validation would be
 * an unexpected error, HTTP 500). Armor's message says which limit and what it found; its
 * "Syntax Error: " prefix is wrong for a well-formed query and is dropped.
 */
function reportAs(code: LimitCode, limit: number) {
  const report = (context: ValidationContext | null, error: GraphQLError) => {
    context?.reportError(limitExceeded(code, error.message.replace(/^Syntax Error: /, ''), limit))
  }
  return { propagateOnRejection: false, onReject: [report] }
}
