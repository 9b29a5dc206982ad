import type { RequestHandler } from 'express'
import type { z } from 'zod'
import { ErrorCodes } from '../../../contracts/errors/commonErrorCodes'
import { errorDocument, type ErrorCodeDefinition } from '../../../contracts/errors/errorRegistry'

/** An answer that refuses the request: its code's HTTP status and error document. */
export class RouteRefusal {
  constructor(
    readonly definition: ErrorCodeDefinition,
    readonly message: string,
  ) {}
}

/**
 * A JSON POST handler of a route another process asks (behind the gateway-only or service-only
 * check): a body that does not match `schema` gets 400 BAD_REQUEST with `usage`, a valid one the
 * JSON of `answer` — or, when it answers a RouteRefusal, that refusal's status and error document.
 */
export function jsonPostRoute<T>(
  schema: z.ZodType<T>,
  usage: string,
  answer: (body: T, res: Parameters<RequestHandler>[1]) => Promise<object>,
): RequestHandler {
  return (req, res, next) => {
    const parsed = schema.safeParse(req.body)
    if (!parsed.success) {
      res.status(ErrorCodes.BAD_REQUEST.httpStatus).json(errorDocument(ErrorCodes.BAD_REQUEST, usage))
      return
    }
    answer(parsed.data, res).then((body) => {
      if (body instanceof RouteRefusal)
        res.status(body.definition.httpStatus).json(errorDocument(body.definition, body.message))
      else res.json(body)
    }, next)
  }
}
