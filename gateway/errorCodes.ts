import { defineErrorCodes } from '../contracts/errors/errorRegistry'

/** Codes only the gateway raises: its limits, rate limits, subgraph failures and subscriptions. */
export const GatewayErrorCodes = defineErrorCodes('gateway', {
  CLIENT_CLOSED_REQUEST: {
    httpStatus: 499,
    description: 'The client closed the connection; the work done for it was cancelled.',
  },
  RATE_LIMITED: {
    httpStatus: 429,
    description:
      'Too many operations for your account, your network address or this graphql-ws connection; nothing was executed. The `Retry-After` header and `extensions.retryAfterSeconds` say when to try again. Queries and changes (mutations) are limited separately.',
  },
  BATCHING_NOT_SUPPORTED: {
    httpStatus: 400,
    description: 'The request body was a JSON array of operations; send one operation per request.',
  },
  SUBSCRIPTION_OVER_HTTP: {
    httpStatus: 400,
    description:
      'A subscription was sent as an HTTP request (405 when sent as a GET); subscriptions use the GraphQL over WebSocket protocol (graphql-ws) on the same path.',
  },
  SUBSCRIBER_TOO_SLOW: {
    httpStatus: 400,
    description:
      "A subscriber stopped reading: more than 256 KiB of events waited in the gateway for its socket, so its subscription was ended instead of growing the gateway's memory. Resubscribe with the `cursor` of the last event received as `after` (no duplicate, no gap).",
  },
  PERSISTED_QUERY_NOT_FOUND: {
    httpStatus: 200,
    description:
      'The operation was sent by its hash alone (automatic persisted queries) and the gateway does not know it yet: send the same request again with the query text.',
    raisedBy: 'Apollo Server',
  },
  OPERATION_RESOLUTION_FAILURE: {
    httpStatus: 400,
    description:
      'The operation to run could not be chosen: no operation has the given `operationName`, or the document holds several and none was named.',
  },
  QUERY_TOO_DEEP: {
    httpStatus: 400,
    description:
      'The operation nests fields deeper than the gateway allows (`MAX_QUERY_DEPTH`); the message gives the limit and the depth found, `extensions.limit` the limit.',
  },
  TOO_MANY_ALIASES: {
    httpStatus: 400,
    description:
      'The operation uses more aliases than the gateway allows (`MAX_QUERY_ALIASES`); the message gives the limit and the count found, `extensions.limit` the limit.',
  },
  TOO_MANY_ROOT_FIELDS: {
    httpStatus: 400,
    description:
      'The operation selects more top-level fields (fragments included) than the gateway allows (`MAX_QUERY_ROOT_FIELDS`); split it into several requests. `extensions.limit` gives the limit.',
  },
  TOO_MANY_DIRECTIVES: {
    httpStatus: 400,
    description:
      'The operation uses more directives than the gateway allows (`MAX_QUERY_DIRECTIVES`); the message gives the limit and the count found, `extensions.limit` the limit.',
  },
  QUERY_TOO_COMPLEX: {
    httpStatus: 400,
    description:
      'The estimated cost of the operation (fields weighted by depth) is over the gateway limit (`MAX_QUERY_COST`); select fewer fields. `extensions.limit` gives the limit.',
  },
  TOO_MANY_TOKENS: {
    httpStatus: 400,
    description:
      'The query text has more tokens than the gateway parses (`MAX_QUERY_TOKENS`); parsing stopped there, so only the limit is given (`extensions.limit`).',
  },
})
