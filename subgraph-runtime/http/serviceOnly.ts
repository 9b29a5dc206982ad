import type { RequestHandler } from 'express'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import { errorDocument } from '../../contracts/errors/errorRegistry'
import { AssertionError } from '../../contracts/gatewayAssertion'
import { SERVICE_ASSERTION_HEADER, checkServiceAssertion } from '../../contracts/serviceAssertion'
import { acceptedTokens } from '../../platform/auth/acceptedTokens'

/**
 * Admits only requests another subgraph signed for this one (x-service-assertion,
 * contracts/serviceAssertion.ts); the caller's name is left in res.locals.service. A gateway
 * assertion — whichever user it vouches for — is refused like no assertion at all: these routes
 * hand out every event of the context, which no user may read whole.
 */
export function serviceOnly(key: Uint8Array, subgraph: string): RequestHandler {
  const accepted = acceptedTokens<string>({ max: 1000 })
  return (req, res, next) => {
    const token = req.get(SERVICE_ASSERTION_HEADER)
    const known = token ? accepted.get(token) : undefined
    if (known) {
      res.locals.service = known
      return next()
    }
    checkServiceAssertion(key, subgraph, token).then(
      ({ service, expiresAt }) => {
        accepted.remember(token!, service, expiresAt)
        res.locals.service = service
        next()
      },
      (error: unknown) => {
        const message = error instanceof AssertionError ? error.message : 'The service assertion could not be checked.'
        res.status(ErrorCodes.UNAUTHENTICATED.httpStatus).json(errorDocument(ErrorCodes.UNAUTHENTICATED, message))
      },
    )
  }
}
