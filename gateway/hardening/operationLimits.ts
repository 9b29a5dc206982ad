import type { GraphQLError } from 'graphql'
import { appError } from '../../contracts/errors/errorRegistry'
import { GatewayErrorCodes } from '../errorCodes'

/**
 * How large an operation the gateway accepts. Checked while parsing and validating, so an
 * operation over a limit costs no subgraph call, no query plan and no authentication work.
 * Values come from the environment (gateway/config.ts, MAX_QUERY_*).
 */
export interface OperationLimits {
  /** Field nesting, fragments flattened (PatientFullView and SiteDashboard are 6 deep). */
  depth: number
  aliases: number
  /** Top-level fields of the operation, counting those of fragments spread at the root. */
  rootFields: number
  directives: number
  /** Lexical tokens of the whole document; the parser stops at the limit. */
  tokens: number
  /** graphql-armor's cost estimate: objects 2, scalars 1, times 1.5 per level of depth. */
  cost: number
}

const {
  QUERY_TOO_DEEP,
  TOO_MANY_ALIASES,
  TOO_MANY_ROOT_FIELDS,
  TOO_MANY_DIRECTIVES,
  QUERY_TOO_COMPLEX,
  TOO_MANY_TOKENS,
} = GatewayErrorCodes
/** The codes an over-limit operation is answered with (all HTTP 400, see gateway/errorCodes.ts). */
export const LIMIT_CODES = [
  QUERY_TOO_DEEP.code,
  TOO_MANY_ALIASES.code,
  TOO_MANY_ROOT_FIELDS.code,
  TOO_MANY_DIRECTIVES.code,
  QUERY_TOO_COMPLEX.code,
  TOO_MANY_TOKENS.code,
] as const
export type LimitCode = (typeof LIMIT_CODES)[number]

export function isLimitCode(code: unknown): code is LimitCode {
  return (LIMIT_CODES as readonly unknown[]).includes(code)
}

/**
 * The error a limit rule reports. No `http` extension: Apollo Server wraps validation errors
 * with status 400 itself (and relabels them GRAPHQL_VALIDATION_FAILED, which
 * hardenedErrorFormatting undoes).
 */
export function limitExceeded(code: LimitCode, message: string, limit: number): GraphQLError {
  return appError(GatewayErrorCodes[code], message, { limit })
}
