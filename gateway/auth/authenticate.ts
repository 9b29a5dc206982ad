import type { RequestHandler } from 'express'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import type { Identity } from '../../contracts/identity'
import { InvalidTokenError, type VerifiedToken } from './accessTokenVerifier'
import { noteCaller } from '../../platform/logging/logContext'
import { errorDocument } from '../../contracts/errors/errorRegistry'

/** The caller of an HTTP request or a graphql-ws connection, from its bearer token (null: anonymous). */
export type Authenticate = (authorization: string | undefined) => Promise<VerifiedToken | null>

export function bearerAuthentication(verify: (token: string) => Promise<VerifiedToken>): Authenticate {
  return async (authorization) => {
    if (!authorization) return null
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim())
    if (!match) throw new InvalidTokenError('The Authorization header must be "Bearer <access token>".')
    return verify(match[1]!)
  }
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
        const message = error instanceof InvalidTokenError ? error.message : 'The access token could not be checked.'
        res
          .status(ErrorCodes.UNAUTHENTICATED.httpStatus)
          .set('www-authenticate', 'Bearer')
          .json(errorDocument(ErrorCodes.UNAUTHENTICATED, message))
      },
    )
  }
}
