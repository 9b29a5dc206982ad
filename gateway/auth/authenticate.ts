import type { RequestHandler } from 'express'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import type { Identity } from '../../contracts/identity'
import { GRANTS_CHANGED_REASON, GRANTS_VERSIONS_SUBGRAPH } from '../../contracts/grantsVersions'
import { InvalidTokenError, type VerifiedToken } from './accessTokenVerifier'
import { GrantsChangedError, GrantsUnknownError, type GrantsVersions } from './grantsVersions'
import { noteCaller } from '../../platform/logging/logContext'
import { errorDocument } from '../../contracts/errors/errorRegistry'

/** The caller of an HTTP request or a graphql-ws connection, from its bearer token (null: anonymous). */
export type Authenticate = (authorization: string | undefined) => Promise<VerifiedToken | null>

/**
 * A bearer token's caller: a valid access token (signature, claims, expiry) whose holder's roles
 * have not changed since it was issued (grantsVersions.ts).
 */
export function bearerAuthentication(
  verify: (token: string) => Promise<VerifiedToken>,
  grantsVersions: Pick<GrantsVersions, 'check'>,
): Authenticate {
  return async (authorization) => {
    if (!authorization) return null
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim())
    if (!match) throw new InvalidTokenError('The Authorization header must be "Bearer <access token>".')
    const verified = await verify(match[1]!)
    await grantsVersions.check(verified.identity.userId, verified.grantsVersion)
    return verified
  }
}

/** The answer to a request whose caller could not be established: status and GraphQL error document. */
function refusal(error: unknown): [number, ReturnType<typeof errorDocument>] {
  if (error instanceof GrantsChangedError)
    return [
      ErrorCodes.UNAUTHENTICATED.httpStatus,
      errorDocument(ErrorCodes.UNAUTHENTICATED, error.message, { reason: GRANTS_CHANGED_REASON }),
    ]
  if (error instanceof InvalidTokenError)
    return [ErrorCodes.UNAUTHENTICATED.httpStatus, errorDocument(ErrorCodes.UNAUTHENTICATED, error.message)]
  // Fail closed: a token whose roles cannot be confirmed as current is not taken.
  if (error instanceof GrantsUnknownError)
    return [
      ErrorCodes.SERVICE_UNAVAILABLE.httpStatus,
      errorDocument(
        ErrorCodes.SERVICE_UNAVAILABLE,
        `The ${GRANTS_VERSIONS_SUBGRAPH} service is unavailable: your current roles cannot be confirmed, so nothing is served; try again shortly.`,
        { serviceName: GRANTS_VERSIONS_SUBGRAPH },
      ),
    ]
  return [
    ErrorCodes.UNAUTHENTICATED.httpStatus,
    errorDocument(ErrorCodes.UNAUTHENTICATED, 'The access token could not be checked.'),
  ]
}

/**
 * Resolves the caller before any GraphQL work: no Authorization header means anonymous (only
 * signing in will be allowed, by the subgraphs); a header with a bad token is refused with 401
 * at once, saying what is wrong with it — never treated as anonymous.
 */
export function authenticateRequests(authenticate: Authenticate): RequestHandler {
  return (req, res, next) => {
    authenticate(req.get('authorization')).then(
      (caller) => {
        const identity: Identity | null = caller?.identity ?? null
        res.locals.identity = identity
        noteCaller(identity)
        next()
      },
      (error: unknown) => {
        const [status, document] = refusal(error)
        if (status === ErrorCodes.UNAUTHENTICATED.httpStatus) res.set('www-authenticate', 'Bearer')
        res.status(status).json(document)
      },
    )
  }
}
