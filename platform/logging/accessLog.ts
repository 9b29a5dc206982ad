import { pinoHttp } from 'pino-http'
import type { Logger } from './logger'
import { PROBE_PATHS } from '../http/probePaths'
import { runWithRequestLogFields, type RequestLogFields } from './logContext'
import type { NodeHandler } from '../http/nodeHandler'

/**
 * One access-log line per request when its response is finished (pino-http): method, path,
 * status, duration, and the request's id, caller, operation and outcome (ok, or error with the
 * error codes of a GraphQL response that carried errors). Installs the request's log fields for
 * every other line written while it is served.
 */
export function accessLog(logger: Logger): NodeHandler[] {
  const logFields: NodeHandler = (_req, res, next) => {
    // Kept on the response too: the access line is written from its 'finish' event.
    const fields: RequestLogFields = { requestId: res.locals.requestId as string }
    res.locals.logFields = fields
    runWithRequestLogFields(fields, next)
  }
  const lineOf = (res: { locals?: { logFields?: RequestLogFields } }) => {
    const fields = res.locals?.logFields
    return fields
      ? {
          requestId: fields.requestId,
          userId: fields.userId,
          operation: fields.operation,
          outcome: fields.outcome,
          errorCodes: fields.errorCodes,
        }
      : {}
  }
  // Below info (LOG_LEVEL=warn, as in the benchmarks) no success line is written, yet pino-http
  // would still build a child logger and serialisers for every request (~0.15 ms of a subgraph
  // fetch's CPU): only failures are logged then, from the response's close.
  if (!logger.isLevelEnabled('info')) return [logFields, failuresOnly(logger, lineOf)]
  const http = pinoHttp({
    logger,
    genReqId: (_req, res) => (res as unknown as { locals: { requestId: string } }).locals.requestId,
    autoLogging: { ignore: (req) => PROBE_PATHS.test(req.url ?? '') },
    customAttributeKeys: { responseTime: 'durationMs' },
    serializers: {
      // The path only: query strings can carry a GET operation's variables.
      req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request served',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (_req, res, line) => ({ ...line, ...lineOf(res as never) }),
    customErrorObject: (_req, res, _error, line) => ({ ...line, ...lineOf(res as never) }),
  })
  return [logFields, http as unknown as NodeHandler]
}

/** The access log's error lines alone: 5xx answers and requests that ended without an answer. */
function failuresOnly(
  logger: Logger,
  lineOf: (res: { locals?: { logFields?: RequestLogFields } }) => object,
): NodeHandler {
  return (req, res, next) => {
    // Read now: a router mounted further down rewrites req.url while it handles the request.
    const path = (req.url ?? '').split('?')[0]
    if (PROBE_PATHS.test(path)) return next()
    const started = performance.now()
    res.on('close', () => {
      const aborted = !res.writableFinished
      if (!aborted && res.statusCode < 500) return
      logger.error(
        {
          req: { method: req.method, path },
          res: { statusCode: res.statusCode },
          durationMs: Math.round(performance.now() - started),
          ...lineOf(res),
        },
        aborted ? 'request aborted' : 'request failed',
      )
    })
    next()
  }
}
