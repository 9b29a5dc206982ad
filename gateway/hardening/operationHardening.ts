import type { OperationLimits } from './operationLimits'
import { queryShapeRules } from './queryShapeRules'
import { tokenLimitParseOptions } from './tokenLimit'
import { hardenedErrorFormatting, type FormatError } from './hardenedErrorFormatting'
import { operationResolutionGuard } from './operationResolutionGuard'

/**
 * Everything the gateway's ApolloServer needs for the operation limits, in the order a request
 * meets them: parse (token limit), validate (shape rules), resolve the operation (an unknown
 * operationName is a 400), format errors (codes, no suggestions in production). Batches are
 * refused before Apollo sees them (refuseBatchedOperations.ts).
 */
export function operationHardening(limits: OperationLimits, options: { production: boolean }) {
  return {
    parseOptions: tokenLimitParseOptions(limits.tokens),
    validationRules: queryShapeRules(limits),
    plugins: [operationResolutionGuard],
    formatError: (format: FormatError) => hardenedErrorFormatting(format, { hideSuggestions: options.production }),
  }
}
