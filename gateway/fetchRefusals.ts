import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import { errorDocument } from '../contracts/errors/errorRegistry'
import { ErrorCodes } from '../contracts/errors/commonErrorCodes'
import { GatewayErrorCodes } from './errorCodes'
import type { FetchDeadline } from './deadlines/fetchDeadline'

// What a fetch the gateway could not make, or cut, answers in place of the subgraph: returned (not
// thrown) from the data source, so @apollo/gateway keeps the code, adds the service name and maps
// the error's path onto the client's; the fetch's fields are null, the rest of the response stays.

export function unavailableResponse(
  subgraph: string,
  reason: string,
  details: Record<string, string> = {},
): GatewayGraphQLResponse {
  const message = `The ${subgraph} service is unavailable (${reason}); its fields are missing from this response.`
  return errorDocument(ErrorCodes.SERVICE_UNAVAILABLE, message, { serviceName: subgraph, ...details })
}

/** The subgraph shed the fetch (SERVICE_OVERLOADED): its fields are null, the client is told when to retry. */
export function overloadedResponse(subgraph: string, retryAfterSeconds: number): GatewayGraphQLResponse {
  const message = `The ${subgraph} service is overloaded and did not take this request; try again in ${retryAfterSeconds} s.`
  return errorDocument(ErrorCodes.SERVICE_OVERLOADED, message, { serviceName: subgraph, retryAfterSeconds })
}

export const clientClosedResponse = (): GatewayGraphQLResponse =>
  errorDocument(GatewayErrorCodes.CLIENT_CLOSED_REQUEST, 'The client closed the connection.')

export interface MissedDeadline {
  subgraph: string
  /** The fetch's deadline analysis: its @deadline field, if any, and the path errors are reported at. */
  fetch: FetchDeadline | null
  /** The field's @deadline fired (else the request budget ran out). */
  byField: boolean
  budgetMs: number
}

export function deadlineExceededResponse({
  subgraph,
  fetch,
  byField,
  budgetMs,
}: MissedDeadline): GatewayGraphQLResponse {
  const field = byField ? fetch : null
  const message = field
    ? `The ${subgraph} service did not answer within the ${field.ms} ms @deadline of ${field.field}; its fields are null.`
    : `The request's ${budgetMs} ms budget ran out before the ${subgraph} service answered; its fields are null.`
  const details = field
    ? { serviceName: subgraph, deadlineMs: field.ms, reason: 'field-deadline', field: field.field }
    : { serviceName: subgraph, deadlineMs: budgetMs, reason: 'request-budget' }
  const [error] = errorDocument(ErrorCodes.DEADLINE_EXCEEDED, message, details).errors
  return { errors: [{ ...error!, ...(fetch ? { path: fetch.path } : {}) }] }
}
