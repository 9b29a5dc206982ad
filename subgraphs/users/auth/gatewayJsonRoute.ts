import type { RequestHandler } from 'express'
import type { z } from 'zod'
import { ErrorCodes } from '../../../contracts/errors/commonErrorCodes'
import { errorDocument } from '../../../contracts/errors/errorRegistry'

/**
 * A JSON POST handler of a route the gateway asks (behind the gateway-only check): a body that does
 * not match `schema` gets 400 BAD_REQUEST with `usage`, a valid one the JSON of `answer`.
 */
export function gatewayJsonRoute<T>(
  schema: z.ZodType<T>,
  usage: string,
  answer: (body: T) => Promise<object>,
): RequestHandler {
  return (req, res, next) => {
    const parsed = schema.safeParse(req.body)
    if (!parsed.success) {
      res.status(ErrorCodes.BAD_REQUEST.httpStatus).json(errorDocument(ErrorCodes.BAD_REQUEST, usage))
      return
    }
    answer(parsed.data).then((body) => res.json(body), next)
  }
}
