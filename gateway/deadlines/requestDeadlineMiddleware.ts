import type { RequestHandler } from 'express'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import { parseRequestTimeout, REQUEST_TIMEOUT_HEADER } from './requestTimeoutHeader'
import { RequestDeadline } from './requestBudget'
import { errorDocument } from '../../contracts/errors/errorRegistry'

/**
 * Gives every GraphQL request its deadline before Apollo sees it: the server's budget, or less if
 * the client asks (x-request-timeout-ms; a longer deadline gets the budget). Nonsense in the
 * header is a 400, not a silent default.
 * When the client closes the connection before the response is written, every in-flight
 * subgraph fetch of the request is aborted (`res` 'close' fires after `req` 'close' has).
 */
export function requestDeadlineMiddleware(budgetMs: number): RequestHandler {
  return (req, res, next) => {
    const parsed = parseRequestTimeout(req.get(REQUEST_TIMEOUT_HEADER), budgetMs)
    if (!parsed.ok) {
      res
        .status(ErrorCodes.BAD_REQUEST.httpStatus)
        .json(errorDocument(ErrorCodes.BAD_REQUEST, parsed.message, { requestId: res.locals.requestId }))
      return
    }
    const deadline = new RequestDeadline(parsed.ms)
    res.locals.deadline = deadline
    res.on('close', () => {
      if (!res.writableFinished) deadline.abort('client-closed')
      deadline.finish()
    })
    next()
  }
}
