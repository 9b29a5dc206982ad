import type { ApolloServerPlugin } from '@apollo/server'
import type { GraphQLError } from 'graphql'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import { GatewayErrorCodes } from '../errorCodes'
import { APPLICATION_JSON, responseMediaType } from './responseMediaType'

/**
 * GraphQL's request errors (GraphQL spec §7.1.2): the document does not parse, does not validate
 * (the gateway's operation limits are validation rules, so they are among them), names no
 * operation to run, or its variables do not coerce. Nothing was executed; there is no `data`.
 * Codes as Apollo Server raises them, before formatError gives a limit its own code.
 */
const REQUEST_ERROR_CODES: ReadonlySet<unknown> = new Set([
  ErrorCodes.GRAPHQL_PARSE_FAILED.code,
  ErrorCodes.GRAPHQL_VALIDATION_FAILED.code,
  ErrorCodes.BAD_USER_INPUT.code,
  GatewayErrorCodes.OPERATION_RESOLUTION_FAILURE.code,
])

const isRequestError = (error: GraphQLError) => REQUEST_ERROR_CODES.has(error.extensions.code)

/**
 * GraphQL over HTTP, "application/json": the server SHOULD answer every well-formed request 200,
 * whatever GraphQL error it raised — a 4xx under that media type may come from any proxy on the
 * way, so a client cannot trust it to carry a GraphQL response. Apollo Server answers request
 * errors 400 whatever the client accepts; this keeps the 400 for clients that accept
 * application/graphql-response+json (where the spec asks for it) and answers 200 to those served
 * application/json. The content type is set here too, so that status and type always agree.
 * Refusals that are not request errors keep their status under both: 401 (no or bad token), 405
 * (a mutation or subscription sent as a GET), 429 (rate limits), 400 for a subscription over HTTP
 * and for requests that are not well-formed (bad JSON, bad parameters, batches, CSRF).
 */
export const requestErrorStatus: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ request, response, errors }) {
        if (response.http.status !== 400 || !errors?.length || !errors.every(isRequestError)) return
        if (responseMediaType(request.http?.headers.get('accept')) !== APPLICATION_JSON) return
        response.http.status = 200
        response.http.headers.set('content-type', `${APPLICATION_JSON}; charset=utf-8`)
      },
    }
  },
}
