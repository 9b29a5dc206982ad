import { GraphQLError } from 'graphql'

/**
 * The one registry of error codes the platform returns in `extensions.code`. Every error a client
 * can see is made here, so codes stay stable and each has an HTTP status and a description a
 * person can act on (the README's error table is printed from this list).
 */
export interface ErrorCodeDefinition {
  readonly code: string
  /** Status for errors that end a whole HTTP request; field errors travel in a 200 response. */
  readonly httpStatus: number
  readonly description: string
}

function define<const C extends string>(code: C, httpStatus: number, description: string) {
  return { code, httpStatus, description } as const satisfies ErrorCodeDefinition
}

export const ErrorCodes = {
  BAD_USER_INPUT: define('BAD_USER_INPUT', 400, 'An argument or variable is malformed or out of range; the message names it.'),
  NOT_FOUND: define('NOT_FOUND', 404, 'The requested object does not exist.'),
  GRAPHQL_PARSE_FAILED: define('GRAPHQL_PARSE_FAILED', 400, 'The query is not valid GraphQL syntax.'),
  GRAPHQL_VALIDATION_FAILED: define('GRAPHQL_VALIDATION_FAILED', 400, 'The query does not validate against the schema (unknown field, wrong argument type...).'),
  BAD_REQUEST: define('BAD_REQUEST', 400, 'The HTTP request is not a valid GraphQL-over-HTTP request (e.g. malformed JSON).'),
  PAYLOAD_TOO_LARGE: define('PAYLOAD_TOO_LARGE', 413, 'The request body exceeds the size limit.'),
  SERVICE_UNAVAILABLE: define('SERVICE_UNAVAILABLE', 503, 'A subgraph could not be reached; its fields are null and the rest of the response is intact.'),
  DEADLINE_EXCEEDED: define('DEADLINE_EXCEEDED', 504, 'A field @deadline or the request budget passed before a subgraph answered; the fields it owed are null, the rest of the response is intact.'),
  CLIENT_CLOSED_REQUEST: define('CLIENT_CLOSED_REQUEST', 499, 'The client closed the connection; the work done for it was cancelled.'),
  EPRO_WINDOW_CLOSED: define('EPRO_WINDOW_CLOSED', 422, 'The diary entry is outside the entry window of its day (too early, or past the late grace period); extensions give the window.'),
  EPRO_NOT_ACTIVE: define('EPRO_NOT_ACTIVE', 422, 'The patient has no active diary for that day (not activated, or the diary period has ended).'),
  EPRO_DUPLICATE_ENTRY: define('EPRO_DUPLICATE_ENTRY', 409, 'The patient already has a different entry for that diary day.'),
  IDEMPOTENCY_CONFLICT: define('IDEMPOTENCY_CONFLICT', 409, 'A submission id was reused with different content; a retry must repeat the original request exactly.'),
  SUBSCRIPTION_OVER_HTTP: define('SUBSCRIPTION_OVER_HTTP', 400, 'A subscription was sent as an HTTP request; subscriptions use the GraphQL over WebSocket protocol (graphql-ws).'),
  OPERATION_RESOLUTION_FAILURE: define('OPERATION_RESOLUTION_FAILURE', 400, 'The operation to run could not be chosen: no operation has the given operationName, or the document holds several and none was named.'),
  QUERY_TOO_DEEP: define('QUERY_TOO_DEEP', 400, 'The operation nests fields deeper than the gateway allows (MAX_QUERY_DEPTH); the message gives the limit and the depth found.'),
  TOO_MANY_ALIASES: define('TOO_MANY_ALIASES', 400, 'The operation uses more aliases than the gateway allows (MAX_QUERY_ALIASES); the message gives the limit and the count found.'),
  TOO_MANY_ROOT_FIELDS: define('TOO_MANY_ROOT_FIELDS', 400, 'The operation selects more top-level fields (fragments included) than the gateway allows (MAX_QUERY_ROOT_FIELDS); split it into several requests.'),
  TOO_MANY_DIRECTIVES: define('TOO_MANY_DIRECTIVES', 400, 'The operation uses more directives than the gateway allows (MAX_QUERY_DIRECTIVES); the message gives the limit and the count found.'),
  QUERY_TOO_COMPLEX: define('QUERY_TOO_COMPLEX', 400, 'The estimated cost of the operation (fields weighted by depth) is over the gateway limit (MAX_QUERY_COST); select fewer fields.'),
  TOO_MANY_TOKENS: define('TOO_MANY_TOKENS', 400, 'The query text has more tokens than the gateway parses (MAX_QUERY_TOKENS); parsing stopped there.'),
  BATCHING_NOT_SUPPORTED: define('BATCHING_NOT_SUPPORTED', 400, 'The request body was a JSON array of operations; send one operation per request.'),
  UNAUTHENTICATED: define('UNAUTHENTICATED', 401, 'No valid credentials: sign in (or refresh the session) and send the access token as `Authorization: Bearer <token>`; the message says what was wrong with the token.'),
  FORBIDDEN: define('FORBIDDEN', 403, 'Your roles do not give access to this object or operation (the same answer whether or not the object exists).'),
  INVALID_CREDENTIALS: define('INVALID_CREDENTIALS', 401, 'The email or password is wrong (which one is not said).'),
  ACCOUNT_LOCKED: define('ACCOUNT_LOCKED', 429, 'Too many failed sign-ins for this email; extensions.retryAfterSeconds says when to try again.'),
  RATE_LIMITED: define('RATE_LIMITED', 429, 'Too many operations for your account, your network address or this connection; nothing was executed. The Retry-After header and extensions.retryAfterSeconds say when to try again. Queries and changes (mutations) are limited separately.'),
  INVALID_REFRESH_TOKEN: define('INVALID_REFRESH_TOKEN', 401, 'The refresh token is unknown, expired, revoked or already used; sign in again.'),
  REASON_FOR_CHANGE_REQUIRED: define('REASON_FOR_CHANGE_REQUIRED', 422, 'The change modifies data already marked complete; give a reason for change.'),
  INTERNAL_SERVER_ERROR: define('INTERNAL_SERVER_ERROR', 500, 'An unexpected error; details are in the server log under the request id.'),
} as const

export type ErrorCode = keyof typeof ErrorCodes

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ErrorCodes, code)
}

/** Makes a client-facing GraphQL error carrying a registered code plus optional details. */
export function appError(code: ErrorCode, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...details, code } })
}

export const notFound = (typeName: string, by: string, value: string) =>
  appError('NOT_FOUND', `No ${typeName} with ${by} "${value}".`, { typeName })

export const badInput = (argumentName: string, message: string) =>
  appError('BAD_USER_INPUT', message, { argumentName })
