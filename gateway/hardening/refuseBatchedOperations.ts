import type { RequestHandler } from 'express'
import { errorDocument } from '../../contracts/errors/errorRegistry'
import { GatewayErrorCodes } from '../errorCodes'

/**
 * A JSON array of operations in one POST is a batch. Batches are off at the gateway (Apollo
 * Server's default, `allowBatchedHttpRequests: false`): one request could otherwise carry any
 * number of operations past every per-operation limit. Apollo would answer a generic BAD_REQUEST;
 * this answers first, with a code and a message that says what to do.
 */
export const refuseBatchedOperations: RequestHandler = (req, res, next) => {
  if (req.method !== 'POST' || !Array.isArray(req.body)) return next()
  const refusal = GatewayErrorCodes.BATCHING_NOT_SUPPORTED
  const message = `Batched operations are not supported: the body is a JSON array of ${req.body.length} operations; send one operation per request.`
  res
    .status(refusal.httpStatus)
    .json(errorDocument(refusal, message, { requestId: res.locals.requestId as string | undefined }))
}
