import { headerOf, sendJson, type NodeHandler } from '../../platform/http/nodeHandler'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import { noteCaller } from '../../platform/logging/logContext'
import { AssertionError, GATEWAY_ASSERTION_HEADER } from '../../contracts/gatewayAssertion'
import { gatewayAssertionVerifier } from './assertionVerifier'
import { errorDocument } from '../../contracts/errors/errorRegistry'

/**
 * A subgraph's /graphql answers only requests the gateway signed for it (x-gateway-assertion):
 * anything else — a client calling the port directly, a forged or replayed header, an assertion
 * meant for another subgraph — gets 401 before any GraphQL work. The verified identity (or null
 * for an anonymous caller) is left in res.locals.identity. The gateway's request id comes in
 * x-request-id (adopted by createHttpApp), so one id follows a request through every subgraph's
 * logs and audit rows.
 */
export function gatewayOnly(key: Uint8Array, subgraph: string): NodeHandler {
  const verify = gatewayAssertionVerifier(key, subgraph)
  return (req, res, next) => {
    verify(headerOf(req, GATEWAY_ASSERTION_HEADER)).then(
      ({ identity }) => {
        res.locals.identity = identity
        noteCaller(identity)
        next()
      },
      (error: unknown) => {
        const message = error instanceof AssertionError ? error.message : 'The gateway assertion could not be checked.'
        sendJson(res, ErrorCodes.UNAUTHENTICATED.httpStatus, errorDocument(ErrorCodes.UNAUTHENTICATED, message))
      },
    )
  }
}
