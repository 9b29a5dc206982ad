import type { GraphQLFormattedError } from 'graphql'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import { GatewayErrorCodes } from '../errorCodes'

/**
 * The token limit is graphql-js's own parse option: the parser stops at token `maxTokens + 1`, so a
 * huge query costs no more than the limit to reject. graphql-js reports it as a syntax error
 * (GRAPHQL_PARSE_FAILED); `asTokenLimitError` gives it its own code. Its wording is matched below,
 * and pinned by a unit test against the installed graphql (which spells it "more that" in 16.x).
 */
export function tokenLimitParseOptions(maxTokens: number) {
  return { maxTokens }
}

const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more (?:than|that) (\d+) tokens\. Parsing aborted\.$/

/** The formatted parse error as TOO_MANY_TOKENS if it is the parser's token limit, else undefined. */
export function asTokenLimitError(formatted: GraphQLFormattedError): GraphQLFormattedError | undefined {
  const match =
    formatted.extensions?.code === ErrorCodes.GRAPHQL_PARSE_FAILED.code
      ? TOKEN_LIMIT_MESSAGE.exec(formatted.message)
      : null
  if (!match) return undefined
  const limit = Number(match[1])
  return {
    ...formatted,
    message: `Token limit of ${limit} exceeded: the query was not parsed past token ${limit}.`,
    extensions: { ...formatted.extensions, code: GatewayErrorCodes.TOO_MANY_TOKENS.code, limit },
  }
}
