import { appError, defineErrorCodes } from './errorRegistry'

/** Codes any server of the supergraph may raise: the gateway and every subgraph alike. */
export const ErrorCodes = defineErrorCodes('platform', {
  BAD_USER_INPUT: {
    httpStatus: 400,
    description:
      'An argument or variable is malformed or out of range (a malformed id, a page size out of range, a forged cursor, a wrong variable type); the message names it.',
  },
  FORBIDDEN: {
    httpStatus: 403,
    description:
      'Your roles do not give access to this object or operation. The same answer, with the same words, whether or not the object exists, so nobody can probe for patients outside their sites.',
  },
  UNAUTHENTICATED: {
    httpStatus: 401,
    description:
      'No valid credentials: sign in (or refresh the session) and send the access token as `Authorization: Bearer <token>`; the message says what was wrong with the token.',
  },
  DEADLINE_EXCEEDED: {
    httpStatus: 504,
    description:
      "A field's `@deadline` or the request budget passed before a subgraph answered; the fields it owed are `null`, the rest of the response is intact (HTTP 200). `extensions`: `serviceName`, `deadlineMs`, `reason` (`field-deadline` or `request-budget` when the gateway cut the fetch; `subgraph-deadline` or `statement-timeout` when the subgraph cancelled its own work), `field`.",
  },
  SERVICE_UNAVAILABLE: {
    httpStatus: 503,
    description:
      'A subgraph could not be reached, or its circuit breaker is open (`extensions.reason: "circuit-open"`, failing fast until it recovers); `extensions.serviceName` names it. Its fields are `null`, the rest of the response is intact. A live subscription ends with it when the connection to its subgraph drops: subscribe again with the cursor of the last event received.',
  },
  SERVICE_OVERLOADED: {
    httpStatus: 503,
    description:
      'The server is at its adaptive concurrency limit and refused the request before doing any work on it (HTTP 503 with `Retry-After`; `extensions.retryAfterSeconds`). Nothing was read or written: send it again after that long. Under overload reads are refused before writes, so a diary entry or a saved form keeps its room. From a subgraph, only the fields it owed are `null`.',
  },
  DATABASE_BUSY: {
    httpStatus: 503,
    description:
      "A subgraph's database could not make a change in time: no connection came free within 10 s, or the change's transaction ran past 10 s. The transaction was rolled back, so nothing of that change was saved; the rest of the response is intact. Send it again after `extensions.retryAfterSeconds`.",
  },
  GRAPHQL_PARSE_FAILED: {
    httpStatus: 400,
    description: 'The query is not valid GraphQL syntax.',
    raisedBy: 'Apollo Server',
  },
  GRAPHQL_VALIDATION_FAILED: {
    httpStatus: 400,
    description: 'The query does not validate against the schema (unknown field, wrong argument type...).',
    raisedBy: 'Apollo Server',
  },
  BAD_REQUEST: {
    httpStatus: 400,
    description:
      'The HTTP request is not a valid GraphQL-over-HTTP request: malformed JSON, a malformed header or parameter, a GET or form/`text/plain` POST with neither an access token nor a preflight header (CSRF prevention), or a mutation sent as a GET (405, `Allow: POST`).',
  },
  PAYLOAD_TOO_LARGE: { httpStatus: 413, description: 'The request body exceeds the size limit (`BODY_LIMIT`).' },
  INTERNAL_SERVER_ERROR: {
    httpStatus: 500,
    description: "Anything unexpected; details are only in the server log, under the request's `x-request-id`.",
  },
})

export const badInput = (argumentName: string, message: string) =>
  appError(ErrorCodes.BAD_USER_INPUT, message, { argumentName })
