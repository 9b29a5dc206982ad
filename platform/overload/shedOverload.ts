import { sendJson, type NodeHandler } from '../http/nodeHandler'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import { errorDocument } from '../../contracts/errors/errorRegistry'
import { LoadShedder, type LoadShedderSettings } from './loadShedder'
import { requestPriority } from './operationPriority'
import { reportShedderState, shedRequests } from './overloadMetrics'
import { eventLoopDelayProbe } from './eventLoopDelay'

/** What a refused client is told to wait before trying again (whole seconds, as Retry-After takes). */
export const OVERLOAD_RETRY_AFTER_SECONDS = 1

/**
 * Middleware in front of a GraphQL endpoint, after the body is parsed and before anything
 * else is spent (authentication, parsing, planning): a request over its priority's share of the
 * adaptive limit is answered 503 SERVICE_OVERLOADED with Retry-After at once. Reads are shed
 * before writes (platform/overload/loadShedder.ts).
 */
export function shedOverload(
  settings: LoadShedderSettings,
  shedder = new LoadShedder(settings, undefined, settings.limit.maxLoopDelayMs > 0 ? eventLoopDelayProbe() : undefined),
): NodeHandler {
  reportShedderState(shedder)
  return (req, res, next) => {
    const priority = requestPriority(req.body)
    const admission = shedder.tryAdmit(priority)
    if (!admission) {
      shedRequests.inc({ priority })
      res.setHeader('retry-after', String(OVERLOAD_RETRY_AFTER_SECONDS))
      sendJson(
        res,
        ErrorCodes.SERVICE_OVERLOADED.httpStatus,
        errorDocument(ErrorCodes.SERVICE_OVERLOADED, 'The service is overloaded: try again in a moment.', {
          requestId: res.locals.requestId,
          retryAfterSeconds: OVERLOAD_RETRY_AFTER_SECONDS,
        }),
      )
      return
    }
    // Whichever comes first: the answer sent, or the client gone.
    res.once('finish', admission.release)
    res.once('close', admission.release)
    next()
  }
}
