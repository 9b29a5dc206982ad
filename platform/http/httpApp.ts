import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express'
import type { Logger } from '../logging/logger'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import { accessLog } from '../logging/accessLog'
import { tracingMode } from '../telemetry/tracingSettings'
import { continueIncomingTrace } from '../telemetry/traceContext'
import { PROBE_PATHS } from './probePaths'
import { REQUEST_ID_HEADER, isAcceptableRequestId } from '../../contracts/requestId'
import { errorDocument, type ErrorCodeDefinition } from '../../contracts/errors/errorRegistry'

/** Express app with the pieces every server here shares: request ids, access log, JSON body parsing. */
export function createHttpApp(options: { bodyLimit: string; logger: Logger }): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  // Exporting, the HTTP instrumentation opens each request's span; only propagating, we do.
  if (tracingMode(process.env) === 'propagate') app.use(incomingTrace)
  app.use(assignRequestId, ...accessLog(options.logger))
  app.use(express.json({ limit: options.bodyLimit }))
  return app
}

const incomingTrace: RequestHandler = (req, _res, next) => {
  if (PROBE_PATHS.test(req.path)) return next()
  continueIncomingTrace(req.headers, req.method, next)
}

const assignRequestId: RequestHandler = (req, res, next) => {
  const given = req.get(REQUEST_ID_HEADER)
  const id = isAcceptableRequestId(given) ? given : crypto.randomUUID()
  res.locals.requestId = id
  res.setHeader(REQUEST_ID_HEADER, id)
  next()
}

/**
 * Last handler: a body the JSON parser rejects gets a GraphQL-over-HTTP error document with the
 * right status, never Express's HTML page or a stack trace.
 */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error)
    const requestId = res.locals.requestId as string | undefined
    const status = typeof error?.status === 'number' ? error.status : 500
    let refusal: ErrorCodeDefinition = ErrorCodes.INTERNAL_SERVER_ERROR
    let message = 'Internal server error.'
    if (error?.type === 'entity.too.large') {
      refusal = ErrorCodes.PAYLOAD_TOO_LARGE
      message = `Request body is larger than the limit of ${error.limit} bytes.`
    } else if (error?.type === 'entity.parse.failed') {
      refusal = ErrorCodes.BAD_REQUEST
      message = 'Request body is not valid JSON.'
    } else if (status >= 400 && status < 500) {
      refusal = ErrorCodes.BAD_REQUEST
      message = 'Malformed request.'
    } else {
      logger.error({ err: error, requestId, path: req.path }, 'unhandled HTTP error')
    }
    res.status(refusal.httpStatus).json(errorDocument(refusal, message, { requestId }))
  }
}

export interface RunningHttpServer {
  server: http.Server
  port: number
  url: string
  close(): Promise<void>
}

/**
 * Listens on host:port (0 picks a free port) and returns a close() that waits for the socket to
 * close. `keepAliveMs`: how long an idle connection is kept, advertised in `Keep-Alive: timeout`;
 * it must be longer than the idle timeout of whoever keeps connections to this server (a load
 * balancer), or this server closes sockets under their next request.
 */
export async function listen(
  app: Express | http.Server,
  port: number,
  host: string,
  keepAliveMs = 65_000,
): Promise<RunningHttpServer> {
  const server = app instanceof http.Server ? app : http.createServer(app)
  server.keepAliveTimeout = keepAliveMs
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const actualPort = (server.address() as AddressInfo).port
  return {
    server,
    port: actualPort,
    url: `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${actualPort}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeIdleConnections()
      }),
  }
}
